import { useRouter } from '@tarojs/taro'
import { TrackView } from '../../features/suggestions/TrackView'
import { decodeParams } from '../../lib/params'

export default function TrackPage() {
  const params = decodeParams(useRouter().params)
  return <TrackView initialCode={params.code ?? ''} />
}
