// `npm run bench`: make sure dependencies are there, then run the benchmark (bench/README.md).
// `npm run bench -- scale`: the same routes on an empty and on a big database (bench/scale.mjs).
import { ensureDependencies, run } from './lib.mjs'

ensureDependencies()
run('node', [process.argv.includes('scale') ? 'bench/scale.mjs' : 'bench/run.mjs'])
