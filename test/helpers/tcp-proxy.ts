import { once } from 'node:events'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

/**
 * A TCP proxy in front of a real server, for transport conditions a live node will not produce on cue:
 * - `pass`: bytes flow both ways (a healthy network);
 * - `blackhole`: connections are accepted and never answered — nothing reaches the server (a partition);
 * - `drop-writes`: reads (GET, HEAD) flow, a write's request is dropped on its way (a partition that begins once the
 *   write's preliminary reads, such as the tenant's vocabulary, are answered: the write was sent, never stored);
 * - `swallow`: writes reach the server, their answers are dropped (the answer lost on the way back: the write was
 *   applied and the client times out); reads (GET, HEAD) are answered, so a write's preliminary reads succeed.
 * Nothing is mocked: the client talks to a real socket, the server is the real one. close() stops listening and
 * destroys every connection (later connections are refused).
 */
export class TcpProxy {
  mode: 'pass' | 'blackhole' | 'drop-writes' | 'swallow' = 'pass'
  readonly #server = createServer(socket => { this.#accept(socket) })
  readonly #sockets = new Set<Socket>()
  readonly #target: { host: string, port: number }

  private constructor (target: { host: string, port: number }) {
    this.#target = target
  }

  static async start (targetUrl: string): Promise<TcpProxy> {
    const url = new URL(targetUrl)
    const proxy = new TcpProxy({ host: url.hostname, port: Number(url.port) })
    proxy.#server.listen(0, '127.0.0.1')
    await once(proxy.#server, 'listening')
    return proxy
  }

  get url (): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
  }

  async close (): Promise<void> {
    const closed = once(this.#server, 'close')
    this.#server.close()
    for (const socket of this.#sockets) socket.destroy()
    await closed
  }

  #track (socket: Socket): Socket {
    this.#sockets.add(socket)
    socket.on('close', () => { this.#sockets.delete(socket) })
    socket.on('error', () => {})
    return socket
  }

  #accept (client: Socket): void {
    this.#track(client)
    const upstream = this.#track(connect(this.#target.port, this.#target.host))
    // The mode is read per chunk: a keep-alive connection opened while healthy is cut off like a new one.
    let read = false
    client.on('data', (chunk: Buffer) => {
      // A chunk that starts a request (keep-alive: one at a time) says whether its answer is a read's.
      const head = /^([A-Z]+) \//.exec(chunk.subarray(0, 16).toString('latin1'))
      if (head !== null) read = head[1] === 'GET' || head[1] === 'HEAD'
      if (this.mode === 'blackhole' || (this.mode === 'drop-writes' && !read)) return
      upstream.write(chunk)
    })
    upstream.on('data', chunk => { if (this.mode === 'pass' || (this.mode !== 'blackhole' && read)) client.write(chunk) })
    // A client giving up only half-closes towards the server, which finishes the request it received.
    client.on('close', () => { upstream.end() })
    upstream.on('close', () => { client.destroy() })
  }
}
