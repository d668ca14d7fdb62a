// How busy the machine was during a measurement, and how much of that was someone else.
//
// The load average cannot tell: the benchmark itself (autocannon + wrangler + workerd) keeps it
// at 2–3 on two cores. So a watch reads the machine's busy CPU time (/proc/stat) and the CPU
// time of this process and its descendants (wrangler, workerd) at the start and the end of a
// measurement; the difference is what other processes took. Linux only; elsewhere it reports
// nothing.
import { readFileSync, readdirSync } from 'node:fs'
import os from 'node:os'

/** Clock ticks per second of /proc (USER_HZ, 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100

function machineTicks() {
  // cpu  user nice system idle iowait irq softirq steal …
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  return f[0] + f[1] + f[2] + f[5] + f[6]
}

/** utime + stime (+ reaped children's) of this process and every descendant. */
function ownTicks() {
  const procs = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // Fields after "(comm)": state ppid … utime(12th) stime cutime cstime.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      procs.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) })
    } catch {
      // The process ended while we looked.
    }
  }
  const mine = new Set([process.pid])
  for (let grew = true; grew; ) {
    grew = false
    for (const [pid, p] of procs) {
      if (!mine.has(pid) && mine.has(p.ppid)) {
        mine.add(pid)
        grew = true
      }
    }
  }
  let ticks = 0
  for (const pid of mine) ticks += procs.get(pid)?.ticks ?? 0
  return ticks
}

const supported = (() => {
  try {
    machineTicks()
    ownTicks()
    return true
  } catch {
    return false
  }
})()

/**
 * Starts a watch; `stop()` returns the average number of cores busy during it: on the whole
 * machine, by this benchmark (process tree) and by everything else. Null where /proc is missing.
 */
export function watchCpu() {
  if (!supported) return { stop: () => null }
  const started = performance.now()
  const machine0 = machineTicks()
  const own0 = ownTicks()
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000
      const machine = (machineTicks() - machine0) / TICKS_PER_SECOND / seconds
      const own = (ownTicks() - own0) / TICKS_PER_SECOND / seconds
      const round2 = (x) => Math.round(x * 100) / 100
      return { cores: os.cpus().length, machine: round2(machine), benchmark: round2(own), others: round2(Math.max(0, machine - own)) }
    },
  }
}
