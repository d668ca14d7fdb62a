import { secureHeaders } from 'hono/secure-headers'

/**
 * Headers on every API response (the H5 files get theirs from miniapp/src/_headers). The API
 * only ever answers JSON, so its CSP allows nothing at all and no page may frame it.
 */
export const apiSecurityHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  permissionsPolicy: {
    camera: [],
    microphone: [],
    geolocation: [],
    payment: [],
    usb: [],
    serial: [],
    hid: [],
    displayCapture: [],
  },
})
