import type { VenuePoint } from './directions'

/**
 * AMap's URI API marker (uri.amap.com/marker): opens the AMap app when installed (callnative=1),
 * else its web map, at a GCJ-02 point (coordinate=gaode), with the venue's name.
 */
export function amapMarkerUrl(p: VenuePoint): string {
  const q = [`position=${p.lng},${p.lat}`, `name=${encodeURIComponent(p.venue)}`, 'src=openday', 'coordinate=gaode', 'callnative=1'].join('&')
  return `https://uri.amap.com/marker?${q}`
}

/** 导航到这里 in the browser: to AMap's marker page (the mini-program uses openLocation, directions.ts). */
export async function openDirections(p: VenuePoint, navigate = (url: string) => window.location.assign(url)): Promise<void> {
  navigate(amapMarkerUrl(p))
}
