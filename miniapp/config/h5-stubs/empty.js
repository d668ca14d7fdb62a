// Replaces a browser polyfill in the H5 build (see config/index.ts: every supported browser has it).
export {}
