export default definePageConfig({
  // weapp: page-meta sets the rem base (text size), see components/TextSize.tsx.
  enablePageMeta: true,
  navigationBarTitleText: '名额与邀请',
})
