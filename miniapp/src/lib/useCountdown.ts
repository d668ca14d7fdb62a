import { useCallback, useEffect, useRef, useState } from 'react'

/** Seconds left before an SMS code may be asked for again, ticking down once a second. */
export function useCountdown(): [seconds: number, start: (seconds: number) => void] {
  const [seconds, setSeconds] = useState(0)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)
  const stop = () => {
    if (timer.current) clearInterval(timer.current)
    timer.current = null
  }
  useEffect(() => stop, [])
  const start = useCallback((from: number) => {
    stop()
    setSeconds(from)
    timer.current = setInterval(() => {
      setSeconds((n) => {
        if (n <= 1) stop()
        return Math.max(0, n - 1)
      })
    }, 1000)
  }, [])
  return [seconds, start]
}
