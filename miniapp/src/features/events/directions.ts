import Taro from '@tarojs/taro'

export interface VenuePoint {
  venue: string
  /** GCJ-02, as the API stores it. */
  lat: number
  lng: number
}

/**
 * 导航到这里 in the mini-program: WeChat's map of the point (wx.openLocation, GCJ-02), from which
 * the phone's own map app plans the route. H5 opens AMap's marker page instead (directions.h5.ts).
 */
export async function openDirections(p: VenuePoint): Promise<void> {
  await Taro.openLocation({ latitude: p.lat, longitude: p.lng, name: p.venue, address: p.venue, scale: 16 }).catch(() => undefined)
}
