export default definePageConfig({
  // weapp: page-meta sets the rem base (text size), see components/TextSize.tsx.
  enablePageMeta: true,
  navigationBarTitleText: '动态',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
