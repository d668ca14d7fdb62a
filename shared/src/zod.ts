import { z } from 'zod'

// Mini-programs forbid `new Function`; zod 4 probes for it unless told not to.
z.config({ jitless: true })

export { z }
