import neostandard from 'neostandard'

export default neostandard({
  ts: true,
  ignores: ['node_modules', '.cache', 'coverage', '.tap', 'bench/results', 'dist']
})
