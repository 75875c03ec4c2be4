import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { ProblemError, type ErrorCode } from './errors.ts'
import { problemDocument } from './problem-writer.ts'

const BY_NODE_CODE: Record<string, [ErrorCode, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: ['REQUEST_TIMEOUT', 'The request was not received in time'],
  HPE_HEADER_OVERFLOW: ['HEADERS_TOO_LARGE', 'The request line and headers exceed 16 KiB; send long selections with POST /v1/search']
}

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (slow or oversized headers, a malformed request
 * line) leave as problem+json too, written straight to the socket, which is then closed.
 */
export function clientErrorHandler (error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [code, detail] = BY_NODE_CODE[error.code ?? ''] ?? ['VALIDATION_FAILED', 'The HTTP request is malformed']
  const problem = new ProblemError(code, detail)
  const body = JSON.stringify(problemDocument(problem))
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy()
}
