// Tencent Cloud API 3.0 request signing, "signature v3" (TC3-HMAC-SHA256), with WebCrypto:
//   CanonicalRequest = Method \n URI \n Query \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
//   StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/Service/tc3_request \n hex(sha256(CanonicalRequest))
//   SecretSigning    = HMAC(HMAC(HMAC("TC3" + SecretKey, Date), Service), "tc3_request")
//   Signature        = hex(HMAC(SecretSigning, StringToSign))
// Date is the UTC date (YYYY-MM-DD) of the timestamp; the header names are lower-case and sorted.

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256'

const encoder = new TextEncoder()

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('')
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)))
}

async function hmac(key: ArrayBuffer | Uint8Array, message: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return crypto.subtle.sign('HMAC', k, encoder.encode(message))
}

/** UTC calendar date of a Unix timestamp in seconds, as the credential scope wants it. */
export function tc3Date(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10)
}

export interface Tc3Input {
  secretId: string
  secretKey: string
  /** e.g. "sms": the first label of sms.tencentcloudapi.com. */
  service: string
  method: 'POST'
  /** Headers to sign, by name; Content-Type and Host at least. */
  headers: Record<string, string>
  body: string
  timestampSeconds: number
}

/** The Authorization header value for a request (canonical URI "/" and no query string). */
export async function tc3Authorization(input: Tc3Input): Promise<string> {
  const names = Object.keys(input.headers)
    .map((n) => n.toLowerCase())
    .sort()
  const lower = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v.trim()]))
  const canonicalHeaders = names.map((n) => `${n}:${lower[n].toLowerCase()}\n`).join('')
  const signedHeaders = names.join(';')
  const canonicalRequest = [input.method, '/', '', canonicalHeaders, signedHeaders, await sha256Hex(input.body)].join('\n')
  const date = tc3Date(input.timestampSeconds)
  const scope = `${date}/${input.service}/tc3_request`
  const stringToSign = [TC3_ALGORITHM, String(input.timestampSeconds), scope, await sha256Hex(canonicalRequest)].join('\n')
  const secretDate = await hmac(encoder.encode(`TC3${input.secretKey}`), date)
  const secretService = await hmac(secretDate, input.service)
  const secretSigning = await hmac(secretService, 'tc3_request')
  const signature = hex(await hmac(secretSigning, stringToSign))
  return `${TC3_ALGORITHM} Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
}
