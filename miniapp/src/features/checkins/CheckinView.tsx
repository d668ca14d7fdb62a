import { Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ENTRANCE_ID } from '@openday/shared'
import { getDashboard, getEvent } from '../../api/events'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Fields'
import { Screen } from '../../components/Layout'
import { randomId } from '../../lib/id'
import { pageUrl } from '../../lib/nav'
import { IS_H5, IS_WEAPP } from '../../lib/platform'
import { useResource } from '../../lib/useResource'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'
import { maskScan, readScanned, readTyped, type ScanInput } from './codes'
import { keepShellOffline } from './offline-shell'
import { CheckinResultPanel } from './ResultPanel'
import { useDoorRoster } from './roster'
import { ScanHistory } from './ScanHistory'
import { SyncBanner } from './SyncBanner'
import { CheckpointPicker, type ScanPoint } from '../checkpoints/CheckpointPicker'
import { useScanQueue } from './useScanQueue'
import { cachedPublicKey, loadVerifier, primeVerifier, provisionalVerdict, refreshPublicKey, rosterKey, rosterPointVerdict, type VerifyFn } from './verifier'
import './checkin.css'

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

export interface CheckinViewProps {
  eventId: string
  /** How to scan: WeChat's scanner, the browser camera, or typed codes only. Defaults by platform. */
  scanner?: 'weapp' | 'camera' | 'none'
}

/**
 * 扫码签到 (?eventId=). Every scan goes into the device's queue first (features/checkins/queue.ts),
 * gets the device's own verdict at once (signature checked offline), and the server's outcome
 * when it arrives; nothing here waits for the network before the next scan.
 */
export function CheckinView({ eventId, scanner = IS_WEAPP ? 'weapp' : IS_H5 ? 'camera' : 'none' }: CheckinViewProps) {
  const selfUrl = pageUrl('staffCheckin', { eventId })
  const ok = useStaffGuard(selfUrl)
  const { queue, status } = useScanQueue(ok)
  // The offline door (roster.ts): the 签到名单 on this device decides every scan with no network.
  const door = useDoorRoster(eventId, ok, queue, status)
  const rosterIndex = useRef(door.index)
  rosterIndex.current = door.index
  const [currentNonce, setCurrentNonce] = useState<string>()
  const [verifierReady, setVerifierReady] = useState(false)
  const [point, setPoint] = useState<ScanPoint>({})
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string>()
  const [visible, setVisible] = useState(true)
  const [cameraWanted, setCameraWanted] = useState(scanner === 'camera')
  const [cameraError, setCameraError] = useState<string>()
  const [cameraAttempt, setCameraAttempt] = useState(0)
  const lastSeen = useRef<{ text: string; at: number }>()
  const verifier = useRef<{ verify: VerifyFn | null; key: Uint8Array | null }>({ verify: null, key: null })

  const event = useResource(() => (ok ? getEvent(eventId, true) : Promise.resolve(undefined)), [eventId, ok])
  const totals = useResource(() => (ok ? getDashboard(eventId) : Promise.resolve(undefined)), [eventId, ok])
  const reloadTotals = totals.reload

  useDidShow(() => setVisible(true))
  useDidHide(() => setVisible(false))

  // The offline verifier: the cached key at once, a fresh one when the network allows. On H5
  // the page's own files are kept for a reload without network.
  useEffect(() => {
    if (!ok) return
    keepShellOffline()
    verifier.current.key = cachedPublicKey()
    void loadVerifier().then((verify) => {
      verifier.current.verify = verify
      setVerifierReady(!!verify)
      primeVerifier(verify, verifier.current.key)
    })
    void refreshPublicKey().then((key) => {
      verifier.current.key = key
      primeVerifier(verifier.current.verify, key)
    })
  }, [ok])

  // The roster brings the key too: the verifier's table is built for it before the first scan.
  useEffect(() => {
    const key = rosterKey(door.index)
    if (key) void loadVerifier().then((verify) => primeVerifier(verify, key))
  }, [door.index])

  // Running totals: every 15 s while the page is shown, and whenever a scan gets its answer.
  useEffect(() => {
    if (!ok || !visible) return
    const t = setInterval(() => void reloadTotals({ silent: true }), 15000)
    return () => clearInterval(t)
  }, [ok, visible, reloadTotals])
  const answered = status.scans.filter((s) => s.eventId === eventId && s.state === 'done').length
  useEffect(() => {
    if (ok && answered > 0) void reloadTotals({ silent: true })
  }, [ok, answered, reloadTotals])

  useEffect(() => {
    if (totals.error) handleStaffAuthError(totals.error, selfUrl)
  }, [totals.error, selfUrl])

  /**
   * Queues a scan (stored before anything else) with the device's verdict: decided from the roster
   * like the server would (same decideScan), or by the signature alone when there is no roster
   * yet. False if not stored.
   */
  const enqueue = useCallback(
    (input: ScanInput): boolean => {
      const { verify, key } = verifier.current
      const nonce = randomId()
      const at = Date.now()
      // Every scan is decided here, at the entrance, at a 签到点 and at an exit (shared
      // decidePointOffline: the server's decisions on the roster and this device's own scans).
      const where = { checkpointId: point.checkpointId || ENTRANCE_ID, direction: point.direction ?? 'in' } as const
      const device = queue.devicePointScans(eventId, where.checkpointId)
      const offline = rosterPointVerdict(input.value, rosterIndex.current, device, verify, nonce, new Date(at), where)
      const { scan, saved } = queue.add({
        eventId,
        kind: input.kind,
        value: input.value,
        label: maskScan(input),
        provisional: offline ? offline.result : provisionalVerdict(input, eventId, verify, key ?? rosterKey(rosterIndex.current)),
        ...(offline ? { offline } : {}),
        nonce,
        at,
        ...point,
      })
      setCurrentNonce(scan.nonce)
      return saved
    },
    [queue, eventId, point],
  )

  // 'live': the H5 camera reports the same code many times a second, so repeats are dropped for a
  // moment; a WeChat scan is deliberate and always queued.
  const onScanned = useCallback(
    (raw: string, source: 'live' | 'deliberate') => {
      const input = readScanned(raw)
      if (!input) return
      const now = Date.now()
      if (source === 'live' && lastSeen.current?.text === input.value && now - lastSeen.current.at < DEBOUNCE_MS) return
      lastSeen.current = { text: input.value, at: now }
      enqueue(input)
    },
    [enqueue],
  )
  const onScannedRef = useRef(onScanned)
  onScannedRef.current = onScanned

  const onManual = () => {
    const input = readTyped(code)
    if ('error' in input) {
      setCodeError(input.error)
      return
    }
    if (enqueue(input)) {
      setCodeError(undefined)
      setCode('') // safely stored: ready for the next code at once
    } else {
      setCodeError('未能保存到本机（存储空间不足），已尝试直接上传；请勿关闭本页面')
    }
  }

  const onWeappScan = () => {
    Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).then(
      (r) => onScannedRef.current(r.result, 'deliberate'),
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
      .then((m) => m.startScanner(el, (text) => onScannedRef.current(text, 'live')))
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

  const mine = useMemo(() => status.scans.filter((s) => s.eventId === eventId), [status.scans, eventId])
  const current = currentNonce ? status.scans.find((s) => s.nonce === currentNonce) : undefined

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

      <SyncBanner status={status} roster={{ ...door.sync, verifierReady }} />
      <CheckpointPicker eventId={eventId} value={point} onChange={setPoint} />

      {scanner === 'weapp' ? (
        <Btn id="checkin-scan" size="large" onClick={onWeappScan}>
          扫码签到
        </Btn>
      ) : null}
      {scanner === 'camera' ? (
        <View className="camera-block">
          {/* The box keeps its size while the camera starts or fails: nothing below it moves. */}
          <View className={`camera-box${cameraWanted ? ' camera-box--on' : ''}`}>
            <View id="checkin-camera" className={`camera${cameraOn && !cameraError ? ' camera--on' : ''}`} />
            {cameraWanted && cameraError ? <Text className="camera__error camera-box__message">{cameraError}</Text> : null}
          </View>
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

      <CheckinResultPanel scan={current} status={status} />

      <View className="manual">
        <TextField
          id="checkin-code"
          label="手工输入签到码（也可用扫码枪扫票）"
          value={code}
          onChange={(v) => {
            setCode(v)
            if (codeError) setCodeError(undefined)
          }}
          onConfirm={onManual}
          maxlength={600}
          placeholder="如 ABCD2345"
          error={codeError}
          inputClassName="input--scan"
        />
        <Btn id="checkin-submit" size="large" onClick={onManual}>
          确认签到
        </Btn>
      </View>

      <ScanHistory scans={mine} status={status} />
      <Btn id="checkin-door" kind="secondary" size="large" onClick={() => void Taro.navigateTo({ url: pageUrl('staffDoor', { eventId }) }).catch(() => undefined)}>现场服务：查找、手动签到、现场登记</Btn>
    </Screen>
  )
}
