import { createHash, createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { listenOnLoopback } from './loopback'

// A local stand-in for Tencent Cloud SMS `SendSms` (2021-01-11), answering as its documentation
// says: POST / with JSON, TC3-HMAC-SHA256 signed; always HTTP 200, either
// { Response: { SendStatusSet: [{ SerialNo, PhoneNumber, Fee, SessionContext, Code, Message, IsoCode }], RequestId } }
// or { Response: { Error: { Code, Message }, RequestId } }.
// It recomputes the signature from the headers the request says it signed, and checks the
// credential scope, action, version, region, app id, signature name, template and its parameters.
// (It does not refuse old timestamps, AuthFailure.SignatureExpire: the API tests freeze the
// Worker's clock on a fixed day. That answer can be programmed instead, like any other.)
//
// Test controls (not part of Tencent's API), so a test can act as the phone and as the provider:
//   GET  /__inbox?phone=+8613...      → { messages: [{ templateId, params, signName }] }
//   POST /__program { phone, code }   → the next send to this phone gets this per-number Code
//   POST /__program { phone, error }  → the next send to this phone gets this request-level Error
//   POST /__program { phone, status } → the next send to this phone gets this HTTP status (a gateway failing)

export const FAKE_SMS = {
  secretId: 'AKIDfakeOpenDaySmsTest0001',
  secretKey: 'fake-tencent-secret-key-0123456789',
  sdkAppId: '1400000001',
  signName: '开放日',
  templateId: '2000001',
  region: 'ap-guangzhou',
  /** Approved notice templates (docs/notifications.md): id and number of parameters. */
  noticeTemplates: {
    event_changed: ['2000002', 2],
    event_cancelled: ['2000003', 1],
    event_reminder: ['2000004', 2],
    evaluation_invite: ['2000005', 1],
    answer_published: ['2000006', 1],
    new_post: ['2000007', 0],
    registration_approved: ['2000008', 2],
    registration_declined: ['2000009', 1],
    waitlist_offer: ['2000010', 2],
  } as Record<string, [string, number]>,
}

/** TENCENT_SMS_NOTICE_TEMPLATES for the fake's notice templates. */
export const FAKE_NOTICE_TEMPLATES = JSON.stringify(Object.fromEntries(Object.entries(FAKE_SMS.noticeTemplates).map(([k, [id]]) => [k, id])))
const NOTICE_PARAMS = new Map(Object.values(FAKE_SMS.noticeTemplates))

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest()

interface Delivered {
  templateId: string
  params: string[]
  signName: string
}

export function startFakeTencentSms(): Promise<{ server: Server; base: string }> {
  const inbox = new Map<string, Delivered[]>()
  const programmed = new Map<string, { code?: string; error?: string; status?: number }[]>()
  let serial = 0

  const server = createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const reply = (body: object) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      const requestId = `fake-${++serial}`
      const error = (Code: string, Message: string) => reply({ Response: { Error: { Code, Message }, RequestId: requestId } })

      if (url.pathname === '/__inbox') return reply({ messages: inbox.get(url.searchParams.get('phone') ?? '') ?? [] })
      if (url.pathname === '/__program' && req.method === 'POST') {
        const { phone, ...answer } = JSON.parse(raw) as { phone: string; code?: string; error?: string; status?: number }
        programmed.set(phone, [...(programmed.get(phone) ?? []), answer])
        return reply({ ok: true })
      }
      if (url.pathname !== '/' || req.method !== 'POST') {
        res.writeHead(404).end()
        return
      }

      // --- signature v3
      const auth = req.headers.authorization ?? ''
      const m = auth.match(/^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/)
      if (!m) return error('AuthFailure.InvalidAuthorization', 'Authorization 不符合腾讯云标准')
      const [, secretId, date, service, signedHeaders, signature] = m
      if (secretId !== FAKE_SMS.secretId) return error('AuthFailure.SecretIdNotFound', '密钥不存在')
      const timestamp = Number(req.headers['x-tc-timestamp'])
      if (!Number.isInteger(timestamp)) return error('MissingParameter', '缺少 X-TC-Timestamp')
      if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date || service !== 'sms') {
        return error('AuthFailure.SignatureFailure', '请求签名验证失败，CredentialScope 与时间戳或服务不符')
      }
      const names = signedHeaders.split(';')
      if (!names.includes('content-type') || !names.includes('host')) return error('AuthFailure.SignatureFailure', '签名必须包含 content-type 和 host')
      const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().toLowerCase()}\n`).join('')
      const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(raw)].join('\n')
      const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/${service}/tc3_request`, sha256Hex(canonicalRequest)].join('\n')
      const key = hmac(hmac(hmac(`TC3${FAKE_SMS.secretKey}`, date), service), 'tc3_request')
      if (hmac(key, stringToSign).toString('hex') !== signature) return error('AuthFailure.SignatureFailure', '请求签名验证失败')

      // --- common parameters
      if (req.headers['x-tc-action'] !== 'SendSms') return error('InvalidAction', '接口不存在')
      if (req.headers['x-tc-version'] !== '2021-01-11') return error('NoSuchVersion', '接口版本不存在')
      if (req.headers['x-tc-region'] !== FAKE_SMS.region) return error('UnsupportedRegion', '接口不支持所传地域')

      // --- SendSms
      let body: { PhoneNumberSet?: string[]; SmsSdkAppId?: string; SignName?: string; TemplateId?: string; TemplateParamSet?: string[] }
      try {
        body = JSON.parse(raw)
      } catch {
        return error('FailedOperation.JsonParseFail', '解析请求包体失败')
      }
      if (body.SmsSdkAppId !== FAKE_SMS.sdkAppId) return error('UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'SmsSdkAppId 校验失败')
      if (body.SignName !== FAKE_SMS.signName) return error('FailedOperation.SignatureIncorrectOrUnapproved', '签名未审批或格式错误')
      const params = body.TemplateParamSet ?? []
      if (body.TemplateId === FAKE_SMS.templateId) {
        if (params.length !== 2) return error('FailedOperation.TemplateParamSetNotMatchApprovedTemplate', '请求内容与审核通过的模板内容不匹配')
        if (!/^\d{1,6}$/.test(params[0])) return error('InvalidParameterValue.TemplateParameterFormatError', '验证码模板参数格式错误')
      } else if (NOTICE_PARAMS.has(body.TemplateId ?? '')) {
        // Notice templates: the approved number of variables, each at most 6 characters
        // (Tencent Cloud SMS FAQ: 非验证码短信每个变量取值最多支持6个字符).
        if (params.length !== NOTICE_PARAMS.get(body.TemplateId!)) return error('FailedOperation.TemplateParamSetNotMatchApprovedTemplate', '请求内容与审核通过的模板内容不匹配')
        if (params.some((p) => [...p].length > 6 || p.length === 0)) return error('InvalidParameterValue.TemplateParameterLengthLimit', '单个模板变量字符数超过限制')
      } else return error('FailedOperation.TemplateIncorrectOrUnapproved', '模板未审批或内容不匹配')
      const phones = body.PhoneNumberSet ?? []
      if (phones.length === 0) return error('MissingParameter.EmptyPhoneNumberSet', '传入的号码列表为空')

      const first = programmed.get(phones[0])?.shift()
      if (first?.status) {
        res.writeHead(first.status, { 'content-type': 'text/html' })
        res.end('<html><body>502 Bad Gateway</body></html>')
        return
      }
      if (first?.error) return error(first.error, '（测试设定）')
      const SendStatusSet = phones.map((phone, i) => {
        const base = { SerialNo: '', PhoneNumber: phone, Fee: 0, SessionContext: '', IsoCode: 'CN' }
        const set = i === 0 ? first?.code : undefined
        if (set && set !== 'Ok') return { ...base, Code: set, Message: '（测试设定）' }
        if (!/^\+861[3-9]\d{9}$/.test(phone)) return { ...base, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: '手机号格式错误', IsoCode: 'DEF' }
        inbox.set(phone, [...(inbox.get(phone) ?? []), { templateId: body.TemplateId!, params, signName: body.SignName! }])
        return { ...base, SerialNo: `2433:${serial}`, Fee: 1, Code: 'Ok', Message: 'send success' }
      })
      reply({ Response: { SendStatusSet, RequestId: requestId } })
    })
  })
  return listenOnLoopback(server)
}
