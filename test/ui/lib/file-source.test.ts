import { test } from 'tap'
import { asSource, readPickedFile } from '../../../ui/src/lib/file-source.ts'

test('NDJSON: one line per analysis, blank lines skipped, origins by line number', async t => {
  const text = '{"a":1}\r\n\n  \n{"b":"é"}\n'
  const file = readPickedFile('batch.ndjson', text)
  t.same(file.lines.map(line => [line.origin, line.text]), [['batch.ndjson:1', '{"a":1}'], ['batch.ndjson:4', '{"b":"é"}']])
  t.equal(file.totalBytes, Buffer.byteLength(text))
  t.ok(file.lines.every(line => line.progressBytes <= file.totalBytes), 'progress never passes the end')
  const streamed = []
  for await (const line of asSource(file).lines) streamed.push(line.origin)
  t.same(streamed, ['batch.ndjson:1', 'batch.ndjson:4'], 'the import client reads the same lines')
  t.equal(asSource(file).totalBytes, file.totalBytes)
})

test('.json: an array is one line per element; one object is one line; broken JSON is sent for the service to explain', async t => {
  const array = readPickedFile('List.JSON', JSON.stringify([{ id: 'x' }, { id: 'y' }], null, 2))
  t.same(array.lines.map(line => [line.origin, line.text]), [['List.JSON[0]', '{"id":"x"}'], ['List.JSON[1]', '{"id":"y"}']])
  t.same(readPickedFile('one.json', '{\n "id": "z"\n}').lines.map(line => [line.origin, line.text]), [['one.json', '{"id":"z"}']])
  t.same(readPickedFile('bad.json', '{\n "id": \n').lines.map(line => [line.origin, line.text]), [['bad.json', '{ "id": ']])
})
