import { Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import {
  CATEGORIES,
  CHECKIN_RESULTS,
  checkinInputSchema,
  formatTime,
  type CheckinResponse,
  type CheckinResult,
} from '@openday/shared'
import { useCallback, useEffect, useRef, useState } from 'react'
import { checkinWithRetry, type RetryOptions } from '../../api/checkins'
import { getDashboard, getEvent } from '../../api/events'
import { errorMessage } from '../../api/request'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Fields'
import { Screen } from '../../components/Layout'
import { randomId } from '../../lib/id'
import { pageUrl } from '../../lib/nav'
import { a11y, IS_H5, IS_WEAPP } from '../../lib/platform'
import { useResource } from '../../lib/useResource'
import { handleStaffAuthError, useStaffGuard } from './guard'

export type Tone = 'green' | 'orange' | 'red' | 'grey'

export function toneOf(result: CheckinResult): Tone {
  if (result === 'checked_in') return 'green'
  if (result === 'already_checked_in') return 'orange'
  return 'red'
}

export interface Scan {
  id: number
  ticket: string
  at: number
  state: 'pending' | 'done' | 'error'
  retrying?: number
  result?: CheckinResponse
  error?: string
}

/** What went wrong with the browser camera, in words, with the fallback. */
export function cameraErrorText(e: unknown): string {
  const what = e instanceof Error ? `${e.name} ${e.message}` : String(e)
  if (typeof window !== 'undefined' && window.isSecureContext === false)
    return '浏览器只允许在 HTTPS 网址下使用摄像头，请使用下方签到码核验'
  if (/NotAllowed|Permission|denied/i.test(what))
    return '未获得摄像头权限，请在浏览器设置中允许使用摄像头，或使用下方签到码核验'
  if (/NotFound|not found|Overconstrained/i.test(what)) return '未找到可用的摄像头，请使用下方签到码核验'
  return '摄像头暂时无法打开，请重试或使用下方签到码核验'
}

/** Same QR content again within this window is the camera seeing the same ticket: ignored. */
export const DEBOUNCE_MS = 3000
const HISTORY = 5

/** The outcome of the last scan, readable from a distance. Never blocks the next scan. */
export function CheckinResultPanel({ scan }: { scan?: Scan }) {
  if (!scan) {
    return (
      <View id="checkin-result" className="result result--idle" data-outcome="idle" {...a11y({ role: 'status', 'aria-live': 'polite' })}>
        <Text className="result__label">请扫描电子票二维码</Text>
        <Text className="result__sub">或在下方输入签到码</Text>
      </View>
    )
  }
  if (scan.state === 'pending') {
    return (
      <View id="checkin-result" className="result result--grey" data-outcome="pending" {...a11y({ role: 'status', 'aria-live': 'polite' })}>
        <Text className="result__label">正在核验…</Text>
        {scan.retrying ? <Text className="result__sub">网络不佳，正在重试（第{scan.retrying}次）</Text> : null}
      </View>
    )
  }
  if (scan.state === 'error' || !scan.result) {
    return (
      <View id="checkin-result" className="result result--red" data-outcome="error" {...a11y({ role: 'alert' })}>
        <Text id="checkin-result-label" className="result__label">
          核验失败
        </Text>
        <Text className="result__sub">{scan.error}</Text>
        <Text className="result__sub">可再次扫码或输入签到码重试</Text>
      </View>
    )
  }
  const r = scan.result
  const tone = toneOf(r.result)
  return (
    <View id="checkin-result" className={`result result--${tone}`} data-outcome={r.result} {...a11y({ role: 'alert' })}>
      <Text id="checkin-result-label" className="result__label">
        {CHECKIN_RESULTS[r.result]}
      </Text>
      {r.attendee ? (
        <View className="result__who">
          <Text id="checkin-result-name" className="result__name">
            {r.attendee.nameMasked}
          </Text>
          <Text id="checkin-result-category" className="result__category">
            {CATEGORIES[r.attendee.category]}
          </Text>
        </View>
      ) : null}
      {r.result === 'already_checked_in' ? (
        <Text id="checkin-result-detail" className="result__sub">
          {r.checkedInAt ? `签到时间 ${formatTime(r.checkedInAt)}` : ''}
          {r.checkedInBy ? `　核验人 ${r.checkedInBy}` : ''}
        </Text>
      ) : null}
    </View>
  )
}

function HistoryList({ scans }: { scans: Scan[] }) {
  if (scans.length === 0) return null
  return (
    <View id="checkin-history" className="history">
      <Text className="history__title">最近扫码</Text>
      {scans.map((s) => {
        const tone = s.result ? toneOf(s.result.result) : 'red'
        return (
          <View key={s.id} className={`history__item history__item--${tone}`}>
            <Text className="history__time">{formatTime(new Date(s.at))}</Text>
            <Text className="history__label">{s.result ? CHECKIN_RESULTS[s.result.result] : '核验失败'}</Text>
            <Text className="history__name">{s.result?.attendee?.nameMasked ?? ''}</Text>
          </View>
        )
      })}
    </View>
  )
}

export interface CheckinViewProps {
  eventId: string
  /** How to scan: WeChat's scanner, the browser camera, or typed codes only. Defaults by platform. */
  scanner?: 'weapp' | 'camera' | 'none'
  /** Test seam for the retry timing. */
  retryOptions?: RetryOptions
}

/** 扫码签到 (?eventId=). */
export function CheckinView({
  eventId,
  scanner = IS_WEAPP ? 'weapp' : IS_H5 ? 'camera' : 'none',
  retryOptions,
}: CheckinViewProps) {
  const selfUrl = pageUrl('staffCheckin', { eventId })
  const ok = useStaffGuard(selfUrl)
  const [current, setCurrent] = useState<Scan>()
  const [history, setHistory] = useState<Scan[]>([])
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string>()
  const [visible, setVisible] = useState(true)
  const [cameraWanted, setCameraWanted] = useState(scanner === 'camera')
  const [cameraError, setCameraError] = useState<string>()
  const [cameraAttempt, setCameraAttempt] = useState(0)
  const seq = useRef(0)
  const latest = useRef(0)
  const lastSeen = useRef<{ text: string; at: number }>()

  const event = useResource(() => (ok ? getEvent(eventId, true) : Promise.resolve(undefined)), [eventId, ok])
  const totals = useResource(() => (ok ? getDashboard(eventId) : Promise.resolve(undefined)), [eventId, ok])
  const reloadTotals = totals.reload

  useDidShow(() => setVisible(true))
  useDidHide(() => setVisible(false))

  // Running totals: after every scan and every 15 s while the page is shown.
  useEffect(() => {
    if (!ok || !visible) return
    const t = setInterval(() => void reloadTotals({ silent: true }), 15000)
    return () => clearInterval(t)
  }, [ok, visible, reloadTotals])

  useEffect(() => {
    if (totals.error) handleStaffAuthError(totals.error, selfUrl)
  }, [totals.error, selfUrl])

  const submit = useCallback(
    // 'live': the H5 camera reports the same code many times a second, so repeats are dropped
    // for a moment; 'deliberate' (a WeChat scan or a typed code) is always sent.
    (raw: string, source: 'live' | 'deliberate') => {
      const ticket = raw.trim()
      if (!ticket) return
      const now = Date.now()
      if (source === 'live' && lastSeen.current?.text === ticket && now - lastSeen.current.at < DEBOUNCE_MS) return
      lastSeen.current = { text: ticket, at: now }
      const id = ++seq.current
      latest.current = id
      const nonce = randomId() // one nonce per scan, reused by every retry of it
      const scan: Scan = { id, ticket, at: now, state: 'pending' }
      setCurrent(scan)
      const update = (patch: Partial<Scan>) => {
        const next = { ...scan, ...patch }
        Object.assign(scan, patch)
        if (latest.current === id) setCurrent(next)
        if (patch.state && patch.state !== 'pending') setHistory((h) => [next, ...h].slice(0, HISTORY))
      }
      checkinWithRetry(eventId, ticket, nonce, { ...retryOptions, onRetry: (n) => update({ retrying: n }) })
        .then((result) => {
          update({ state: 'done', result, retrying: undefined })
          void reloadTotals({ silent: true })
        })
        .catch((e: unknown) => {
          if (handleStaffAuthError(e, selfUrl)) return
          update({ state: 'error', error: errorMessage(e), retrying: undefined })
        })
    },
    [eventId, retryOptions, reloadTotals, selfUrl],
  )
  const submitRef = useRef(submit)
  submitRef.current = submit

  const onManual = () => {
    const cleaned = code.replace(/[\s-]/g, '').toUpperCase()
    const parsed = checkinInputSchema.safeParse({ ticket: cleaned })
    if (!parsed.success) {
      setCodeError(parsed.error.issues[0]?.message)
      return
    }
    setCodeError(undefined)
    setCode('') // ready for the next code at once
    submit(parsed.data.ticket, 'deliberate')
  }

  const onWeappScan = () => {
    Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      .then(
        (r) => submitRef.current(r.result, 'deliberate'),
        () => undefined, // the user closed the scanner
      )
  }

  // H5: live camera, scanning continuously while the page is shown. './scanner' is the qr-scanner
  // wrapper in the H5 build (scanner.h5.ts) and an empty stub elsewhere, so weapp never bundles it.
  const cameraOn = scanner === 'camera' && ok && visible && cameraWanted
  useEffect(() => {
    if (!cameraOn) return
    let cancelled = false
    let handle: { stop(): void } | undefined
    setCameraError(undefined)
    const el = document.getElementById('checkin-camera')
    if (!el) return
    import('./scanner')
      .then((m) => m.startScanner(el, (text) => submitRef.current(text, 'live')))
      .then((h) => {
        if (cancelled) h.stop()
        else handle = h
      })
      .catch((e: unknown) => {
        if (cancelled) return
        setCameraError(cameraErrorText(e))
      })
    return () => {
      cancelled = true
      handle?.stop()
    }
  }, [cameraOn, cameraAttempt])

  if (!ok) return null

  const d = totals.data
  return (
    <Screen className="checkin">
      <View className="checkin__head">
        <Text className="checkin__event">{event.data?.title ?? '扫码签到'}</Text>
        <View className="totals" id="checkin-totals">
          <Text className="totals__item">
            已签到 <Text id="checkin-total-checked-in" className="totals__num">{d ? d.checkedIn : '—'}</Text>
          </Text>
          <Text className="totals__item">
            已报名 <Text id="checkin-total-registered" className="totals__num">{d ? d.registered : '—'}</Text>
          </Text>
        </View>
      </View>

      {scanner === 'weapp' ? (
        <Btn id="checkin-scan" size="large" onClick={onWeappScan}>
          扫码签到
        </Btn>
      ) : null}
      {scanner === 'camera' ? (
        <View className="camera-block">
          <View id="checkin-camera" className={`camera${cameraOn && !cameraError ? ' camera--on' : ''}`} />
          {cameraError ? <Text className="camera__error">{cameraError}</Text> : null}
          <Btn
            id="checkin-camera-toggle"
            kind="secondary"
            size="small"
            onClick={() => {
              if (cameraError) {
                setCameraWanted(true)
                setCameraAttempt((n) => n + 1)
              } else {
                setCameraWanted((w) => !w)
              }
            }}
          >
            {cameraError ? '重新打开摄像头' : cameraWanted ? '关闭摄像头' : '打开摄像头扫码'}
          </Btn>
        </View>
      ) : null}

      <CheckinResultPanel scan={current} />

      <View className="manual">
        <TextField
          id="checkin-code"
          label="手工输入签到码"
          value={code}
          onChange={(v) => {
            setCode(v)
            if (codeError) setCodeError(undefined)
          }}
          onConfirm={onManual}
          maxlength={20}
          placeholder="如 ABCD2345"
          error={codeError}
          inputClassName="input--code"
        />
        <Btn id="checkin-submit" size="large" onClick={onManual}>
          确认签到
        </Btn>
      </View>

      <HistoryList scans={history} />
    </Screen>
  )
}
