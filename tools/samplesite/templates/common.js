/* common.js: font size, print, pagination (TRS createPageHTML) */
function doZoom(size) {
  var zoom = document.getElementById("zoom");
  if (zoom) { zoom.style.fontSize = size + "px"; }
}
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  if (_nPageCount == null || _nPageCount <= 1) {
    document.write("<span>首页</span> <span>上一页</span> <span>下一页</span> <span>尾页</span> 共1页");
    return;
  }
  var nCurrIndex = _nCurrIndex || 0;
  var sep = "_";
  function pageUrl(i) { return i == 0 ? _sPageName + "." + _sPageExt : _sPageName + sep + i + "." + _sPageExt; }
  if (nCurrIndex == 0) {
    document.write("<span>首页</span> <span>上一页</span> ");
  } else {
    document.write("<a href=\"" + pageUrl(0) + "\">首页</a> <a href=\"" + pageUrl(nCurrIndex - 1) + "\">上一页</a> ");
  }
  for (var i = 0; i < _nPageCount; i++) {
    if (i == nCurrIndex) { document.write("<span class=\"current\">" + (i + 1) + "</span> "); }
    else { document.write("<a href=\"" + pageUrl(i) + "\">" + (i + 1) + "</a> "); }
  }
  if (nCurrIndex + 1 == _nPageCount) {
    document.write("<span>下一页</span> <span>尾页</span>");
  } else {
    document.write("<a href=\"" + pageUrl(nCurrIndex + 1) + "\">下一页</a> <a href=\"" + pageUrl(_nPageCount - 1) + "\">尾页</a>");
  }
  document.write(" 共" + _nPageCount + "页");
}
function showToday() {
  var d = new Date(), w = ["日", "一", "二", "三", "四", "五", "六"];
  var el = document.getElementById("today");
  if (el) { el.innerHTML = d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日 星期" + w[d.getDay()]; }
}
