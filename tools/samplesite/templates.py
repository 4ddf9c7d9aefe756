"""HTML templates of the sample site (string.Template: `$name` / `${name}` placeholders).

The markup imitates a TRS-generated district portal (重庆 district template): header,
navigation, breadcrumb, metadata block, article, share bar, department/town navigation,
friendly links and footer. Written for this project; no third-party page is copied.
"""

from __future__ import annotations

from string import Template

PAGE = Template("""<!DOCTYPE html>
<html lang="zh-CN">
<head>
${charset_meta}<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=no">
<title>${title_tag}</title>
${meta_tags}<link rel="shortcut icon" href="/images/favicon.ico">
<link rel="stylesheet" type="text/css" href="/css/common.css">
<style type="text/css">
${css}
</style>
<script type="text/javascript" src="/js/common.js"></script>
</head>
<body class="${body_class}">
${chrome_top}
<div class="main-wrap w1200">
<div class="position">
<span class="pos-label">当前位置：</span>${breadcrumb}
</div>
${main}
</div>
${chrome_bottom}
</body>
</html>
""")

CSS = """html,body{margin:0;padding:0;font-family:"Microsoft YaHei","微软雅黑",SimSun,Arial,sans-serif;font-size:14px;color:#333;background:#fff}
a{color:#333;text-decoration:none}a:hover{color:#c30d23;text-decoration:underline}
ul,li{list-style:none;margin:0;padding:0}
.w1200{width:1200px;margin:0 auto}
.top-bar{height:36px;line-height:36px;background:#f5f5f5;border-bottom:1px solid #e5e5e5;font-size:13px}
.top-bar .fl{float:left}.top-bar .fr{float:right}.top-bar a{margin:0 6px;color:#666}
.header{height:150px;background:#b7181d url(/images/header_bg.jpg) no-repeat center top}
.header .logo{float:left;padding-top:36px}.header .logo img{height:72px}
.header .logo h1{display:inline-block;margin:0;color:#fff;font-size:34px;letter-spacing:2px}
.header .search{float:right;padding-top:56px}.header .search input.txt{width:240px;height:34px;border:0;padding:0 10px}
.header .search input.btn{width:70px;height:34px;border:0;background:#ffc600;color:#b7181d;cursor:pointer}
.nav{height:52px;background:#a9141a}.nav ul li{float:left;position:relative;width:240px;text-align:center}
.nav ul li a.nav-a{display:block;line-height:52px;color:#fff;font-size:20px}
.nav ul li .sub{display:none;position:absolute;top:52px;left:0;width:240px;background:#fff;z-index:99;box-shadow:0 2px 6px rgba(0,0,0,.2)}
.nav ul li:hover .sub{display:block}.nav ul li .sub a{display:block;line-height:36px;border-bottom:1px dashed #eee}
.position{height:46px;line-height:46px;border-bottom:1px solid #e5e5e5;color:#666}.position a{color:#666}
.xxgk-box{margin:20px 0;border:1px solid #dfe6ee;background:#f8fbff;padding:12px 16px}
.table{width:100%;border-collapse:collapse}.table td{border:1px solid #dfe6ee;padding:8px 10px;line-height:22px;font-size:14px}
.table td.t1{width:10%;background:#eef4fb;color:#2a4f85;white-space:nowrap}.table td.t2{width:23%}
.table-wap{display:none;width:100%}
span.justify-04{display:inline-block;width:4em;text-align:justify;text-align-last:justify}
ul.xxgk-info li{float:left;width:33%;line-height:30px}ul.xxgk-info li span{color:#2a4f85}ul.xxgk-info li p{display:inline;margin:0}
ul.xxgk-info li.w100{width:100%}
.xxgk-item{display:inline-block;width:32%;line-height:30px}.xxgk-item label{color:#2a4f85}
.info-line{margin:4px 0;line-height:28px;color:#555}
table.gk-meta{width:100%;border-collapse:collapse}table.gk-meta td{border:1px solid #ddd;padding:6px 8px}
table.gk-meta td.lab{width:9%;background:#f3f3f3;text-align:center}
.article{padding:20px 60px}.article h1.title{font-size:26px;line-height:40px;text-align:center;color:#b7181d;margin:20px 0 10px}
.article .info{text-align:center;color:#888;border-bottom:1px dashed #ccc;padding-bottom:12px;font-size:13px}
.article .info a{color:#888;margin:0 3px}
.view{font-size:16px;line-height:32px;padding:20px 0}.view p{margin:0 0 12px}
.view table{border-collapse:collapse;margin:10px auto}.view table td{border:1px solid #000;padding:4px 6px;font-size:14px;line-height:20px;text-align:center}
.fj{margin:10px 0;padding:10px;background:#fafafa}.fj a{display:block;color:#0645ad;line-height:28px}
.share{margin:20px 0;overflow:hidden;border-top:1px solid #eee;padding-top:12px;color:#666}
.share .fl{float:left}.share .fr{float:right}.share .code{display:none}
.related{margin:20px 0}.related h3{font-size:16px;border-left:4px solid #b7181d;padding-left:8px}
.related li{line-height:32px;border-bottom:1px dashed #eee}.related li span{float:right;color:#999}
.left-menu{float:left;width:240px;margin:20px 0}.left-menu h2{margin:0;height:60px;line-height:60px;background:#b7181d;color:#fff;text-align:center;font-size:22px}
.left-menu li a{display:block;line-height:46px;padding-left:30px;border-bottom:1px solid #eee;background:#f7f7f7}
.left-menu li.on a{background:#fff3f3;color:#b7181d;font-weight:bold}
.right-list{float:right;width:920px;margin:20px 0}.right-list .tit{height:46px;line-height:46px;border-bottom:2px solid #b7181d;font-size:18px;color:#b7181d}
.right-list ul.list li{height:44px;line-height:44px;border-bottom:1px dashed #ddd;padding-left:14px}
.right-list ul.list li a{float:left;width:760px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.right-list ul.list li span{float:right;color:#999}
.page{clear:both;text-align:center;padding:20px 0;color:#666}.page a{margin:0 4px;padding:3px 8px;border:1px solid #ddd}
.dept-nav{margin-top:30px;background:#f4f6f9;padding:16px 0}.dept-nav h4{margin:8px 0;color:#b7181d}
.dept-nav a{display:inline-block;width:140px;line-height:28px;font-size:13px;color:#555}
.links{padding:12px 0;text-align:center}.links select{width:220px;height:30px;margin:0 8px}
.footer{background:#8f1015;color:#f1d6d6;padding:24px 0;font-size:13px;line-height:26px;text-align:center}
.footer a{color:#f1d6d6;margin:0 6px}.footer .conac{float:left;margin:10px 20px 0 80px}
.clearfix:after{content:"";display:block;clear:both}
@media screen and (max-width:768px){.w1200{width:100%}.table{display:none}.table-wap{display:table}.article{padding:10px}.left-menu,.right-list{float:none;width:100%}}"""

COMMON_JS = """/* common.js: font size, print, pagination (TRS createPageHTML) */
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
    document.write("<a href=\\"" + pageUrl(0) + "\\">首页</a> <a href=\\"" + pageUrl(nCurrIndex - 1) + "\\">上一页</a> ");
  }
  for (var i = 0; i < _nPageCount; i++) {
    if (i == nCurrIndex) { document.write("<span class=\\"current\\">" + (i + 1) + "</span> "); }
    else { document.write("<a href=\\"" + pageUrl(i) + "\\">" + (i + 1) + "</a> "); }
  }
  if (nCurrIndex + 1 == _nPageCount) {
    document.write("<span>下一页</span> <span>尾页</span>");
  } else {
    document.write("<a href=\\"" + pageUrl(nCurrIndex + 1) + "\\">下一页</a> <a href=\\"" + pageUrl(_nPageCount - 1) + "\\">尾页</a>");
  }
  document.write(" 共" + _nPageCount + "页");
}
function showToday() {
  var d = new Date(), w = ["日", "一", "二", "三", "四", "五", "六"];
  var el = document.getElementById("today");
  if (el) { el.innerHTML = d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日 星期" + w[d.getDay()]; }
}
"""

TOP = Template("""<div class="top-bar">
<div class="w1200 clearfix">
<div class="fl">今天是：<span id="today"></span><script type="text/javascript">showToday();</script></div>
<div class="fr">
<a href="javascript:void(0);" id="wza" title="无障碍">无障碍</a>|
<a href="javascript:void(0);" id="zzms" title="长者模式">长者模式</a>|
<a href="javascript:void(0);" id="jft" title="繁體">繁體</a>|
<a href="https://zwykb.cq.gov.cn/" target="_blank" title="登录">登录</a>|
<a href="https://zwykb.cq.gov.cn/" target="_blank" title="注册">注册</a>|
<a href="/wzdt/" title="网站地图">网站地图</a>
</div>
</div>
</div>
<div class="header">
<div class="w1200 clearfix">
<div class="logo"><a href="/index.html" title="${site_name}"><img src="/images/logo.png" alt="${site_name}"><h1>${site_name}</h1></a></div>
<div class="search">
<form action="https://www.cq.gov.cn/cqgovsearch/search.html" method="get" target="_blank">
<input type="hidden" name="siteCode" value="${site_id_code}">
<input type="text" class="txt" name="searchWord" placeholder="请输入关键字" aria-label="搜索关键字">
<input type="submit" class="btn" value="搜索">
</form>
</div>
</div>
</div>
<div class="nav">
<div class="w1200">
<ul class="clearfix">
${nav_items}
</ul>
</div>
</div>""")

BOTTOM = Template("""<div class="dept-nav">
<div class="w1200">
<h4>部门网站</h4>
<div class="clearfix">
${dept_links}
</div>
<h4>镇街网站</h4>
<div class="clearfix">
${town_links}
</div>
</div>
</div>
<div class="links w1200">
<span>相关链接：</span>
<select onchange="if(this.value){window.open(this.value);}" aria-label="政府网站">
<option value="">— 政府网站 —</option>
${link_options}
</select>
<select onchange="if(this.value){window.open(this.value);}" aria-label="部门网站">
<option value="">— 区级部门 —</option>
${dept_options}
</select>
</div>
<div class="footer">
<div class="w1200 clearfix">
<div class="conac"><script type="text/javascript" id="_jiucuo_" sitecode="${site_id_code}" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>
<a href="https://bszs.conac.cn/sitename?method=show&amp;id=5001060001" target="_blank" title="党政机关"><img src="/images/red.png" alt="党政机关"></a></div>
<p><a href="/lxwm/">联系我们</a>|<a href="/wzdt/">网站地图</a>|<a href="/wzsm/">网站声明</a>|<a href="/zzjg/">组织机构</a></p>
<p>主办单位：${host_unit}&nbsp;&nbsp;承办单位：${undertake}</p>
<p>Copyright &copy; ${domain} All Rights Reserved. ${site_name}版权所有</p>
<p>地址：${address}&nbsp;&nbsp;邮编：${postcode}&nbsp;&nbsp;联系电话：${contact_phone}</p>
<p>ICP备案：<a href="https://beian.miit.gov.cn/" target="_blank">${icp}</a>&nbsp;&nbsp;国际联网备案：<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=50010602500861" target="_blank"><img src="/images/ga.png" alt="">${police}</a>&nbsp;&nbsp;网站标识码${site_id_code}</p>
<p>违法和不良信息举报电话：${report_phone}&nbsp;&nbsp;<a href="https://www.12377.cn/" target="_blank">网上有害信息举报</a></p>
<p>访问量：<span id="visit-count"></span></p>
</div>
</div>
<script type="text/javascript">
(function () {
  var wza = document.getElementById("wza");
  if (wza) { wza.onclick = function () { document.body.className += " wza"; }; }
  var zz = document.getElementById("zzms");
  if (zz) { zz.onclick = function () { document.body.className += " elder"; }; }
})();
</script>""")

ARTICLE = Template("""<div class="detail clearfix">
${meta_block}
<div class="article">
<h1 class="title">${title}</h1>
${subtitle}<div class="info">
<span>发布日期：${pub_date}</span>&nbsp;&nbsp;<span>来源：${source}</span>&nbsp;&nbsp;
<span>字体：[<a href="javascript:doZoom(20)">大</a><a href="javascript:doZoom(16)">中</a><a href="javascript:doZoom(14)">小</a>]</span>&nbsp;&nbsp;
<span>[<a href="javascript:window.print()">打印</a>]</span>&nbsp;<span>[<a href="javascript:window.opener=null;window.open('','_self');window.close();">关闭</a>]</span>
</div>
<div class="view TRS_UEDITOR trs_paper_default trs_web" id="zoom">
${body}
</div>
${attachments}<div class="share clearfix">
<div class="fl">分享到：<a href="javascript:void(0);" class="share-wx" title="微信">微信</a> <a href="javascript:void(0);" class="share-wb" title="微博">微博</a> <a href="javascript:void(0);" class="share-qq" title="QQ空间">QQ空间</a></div>
<div class="fr">扫一扫在手机打开当前页<div class="code"><img src="/images/qrcode.png" alt="扫一扫在手机打开当前页"></div></div>
</div>
</div>
${related}
</div>""")

LIST_MAIN = Template("""<div class="clearfix">
<div class="left-menu">
<h2>${section_name}</h2>
<ul>
${menu_items}
</ul>
</div>
<div class="right-list">
<div class="tit">${column_name}</div>
<ul class="list">
${items}
</ul>
<div class="page">
<script type="text/javascript">createPageHTML(${total_pages}, ${current}, "index", "html");</script>
</div>
</div>
</div>""")

ROBOTS = """User-agent: *
Allow: /
Disallow: /cqgovsearch/
"""
