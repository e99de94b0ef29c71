"""The register of subprocessors: its page's list, upcoming changes and history, and its feed (see openbook.subprocessors.site)."""

from openbook.subprocessors import site as subprocessors_site


def on_files(files, *, config):
    return subprocessors_site.on_files(files, config)


def on_page_markdown(markdown, *, page, config, files):
    return subprocessors_site.on_page_markdown(markdown, page, config)


def on_page_content(html, *, page, config, files):
    return subprocessors_site.on_page_content(html, page, config)


def on_post_page(output, *, page, config):
    return subprocessors_site.on_post_page(output, page, config)
