// Default (mini-program, unit tests): no live camera here; weapp uses Taro.scanCode instead.
// The browser build resolves './scanner' to scanner.h5.ts (Taro multi-platform files).
export interface ScannerHandle {
  stop(): void
}

export async function startScanner(_container: HTMLElement, _onText: (text: string) => void): Promise<ScannerHandle> {
  throw new Error('live camera scanning is only available in the browser build')
}
