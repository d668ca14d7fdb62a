/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.css'

/** API root, e.g. '/api/v1' on H5 or 'http://127.0.0.1:8787/api/v1' on weapp (config/index.ts). */
declare const API_BASE: string
/** Origin of the H5 app, used by weapp to build the venue QR link (config/index.ts). */
declare const H5_ORIGIN: string

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test'
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'harmony' | 'rn'
    TARO_APP_API_BASE?: string
    TARO_APP_H5_ORIGIN?: string
  }
}
