// Browser build of ./scanner (Taro picks *.h5.ts for H5); loaded with a dynamic import.
import QrScanner from 'qr-scanner'

export interface ScannerHandle {
  stop(): void
}

/**
 * Starts continuous camera scanning inside `container`. Frames without a readable QR code are
 * ignored, so the scanner never stops on a bad or partial code; every decoded text is passed on
 * (the caller debounces repeats).
 */
export async function startScanner(container: HTMLElement, onText: (text: string) => void): Promise<ScannerHandle> {
  // The decoder is a chunk of its own, loaded on demand. Load it here, where a failure (the network
  // gone before it ever loaded) becomes the camera's error on the page (use the 签到码 or a handheld
  // scanner) instead of an unhandled rejection; QrScanner below then finds it already loaded.
  const engine = await QrScanner.createQrEngine()
  if (typeof Worker !== 'undefined' && engine instanceof Worker) engine.terminate()
  const video = document.createElement('video')
  video.setAttribute('playsinline', 'true')
  video.setAttribute('aria-label', '扫码取景框')
  video.muted = true
  video.className = 'camera__video'
  container.appendChild(video)
  const scanner = new QrScanner(video, (r) => onText(r.data), {
    returnDetailedScanResult: true,
    preferredCamera: 'environment',
    maxScansPerSecond: 8,
    highlightScanRegion: true,
    highlightCodeOutline: true,
    onDecodeError: () => undefined,
  })
  try {
    await scanner.start()
  } catch (e) {
    scanner.destroy()
    video.remove()
    throw e
  }
  return {
    stop() {
      scanner.stop()
      scanner.destroy()
      video.remove()
      container.querySelectorAll('.scan-region-highlight, .code-outline-highlight').forEach((n) => n.remove())
    },
  }
}
