import * as z from 'zod/mini'
import zhCN from 'zod/v4/locales/zh-CN.js'

// zod/mini: the same validation as `zod` at a fifth of the size (the app ships these schemas),
// and it never compiles code with `new Function`, which mini-programs forbid. Only the Chinese
// locale is loaded, for the few messages our schemas do not set themselves.
z.config(zhCN())

// For types (z.core.$ZodError) and the API. Modules that build schemas shipped to the app import
// 'zod/mini' themselves: through this re-export webpack keeps every zod function (+75 KB gzip).
export { z }
