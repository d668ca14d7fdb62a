import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { PostView } from '../../features/feed/PostView'
import { decodeParams } from '../../lib/params'

export default function PostPage() {
  const { id } = decodeParams(useRouter().params)
  return <PageRoot>{id ? <PostView id={id} /> : <MissingLink what="动态" />}</PageRoot>
}
