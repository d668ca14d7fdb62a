import { useRouter } from '@tarojs/taro'
import { PageRoot } from '../../components/PageRoot'
import { MissingLink } from '../../components/States'
import { PostView } from '../../features/feed/PostView'
import { itemIdFrom } from '../../lib/share'

/** ?id=, or the scene of the post's 小程序码 (p=<id>). */
export default function PostPage() {
  const id = itemIdFrom('post', useRouter().params)
  return <PageRoot>{id ? <PostView id={id} /> : <MissingLink what="动态" />}</PageRoot>
}
