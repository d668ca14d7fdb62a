export default definePageConfig({
  // weapp: page-meta sets the rem base (text size), see components/TextSize.tsx.
  enablePageMeta: true,
  navigationBarTitleText: '单位公开',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
