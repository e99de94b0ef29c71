"""Practices: front matter validation, review boxes and the index table (see openbook.practices.site)."""

from openbook.practices import site as practices_site


def on_config(config):
    practices_site.on_config(config)


def on_files(files, *, config):
    return practices_site.on_files(files, config)


def on_page_markdown(markdown, *, page, config, files):
    return practices_site.on_page_markdown(markdown, page, config)


def on_page_content(html, *, page, config, files):
    return practices_site.on_page_content(html, page, config)
