"""The bundled sample site: a local mirror, written by this project, of a district
government's disclosure section (modelled on 重庆市沙坪坝区人民政府, www.cqspb.gov.cn).

`build` generates `site/` and `manifest.json` from `data/`; `server.serve_site()` serves it
on loopback. See README.md in this folder.
"""
