import { PageRoot } from '../../components/PageRoot'
import { MySuggestionsView } from '../../features/suggestions/MySuggestions'

export default function MySuggestionsPage() {
  return (
    <PageRoot>
      <MySuggestionsView />
    </PageRoot>
  )
}
