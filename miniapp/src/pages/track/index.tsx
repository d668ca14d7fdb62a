import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { TrackView } from '../../features/suggestions/TrackView'
import { decodeParams } from '../../lib/params'

export default function TrackPage() {
  const params = decodeParams(useRouter().params)
  return (
    <PageRoot>
      <TrackView initialCode={params.code ?? ''} />
    </PageRoot>
  )
}
