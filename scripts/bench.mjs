// `npm run bench`: make sure dependencies are there, then run the benchmark (bench/README.md).
import { ensureDependencies, run } from './lib.mjs'

ensureDependencies()
run('node', ['bench/run.mjs'])
