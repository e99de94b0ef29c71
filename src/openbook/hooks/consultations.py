"""Consultations: the company asks its customers' advice, and shows what it did (see openbook.consultations.site)."""

from openbook.consultations import site as consultations_site


def on_config(config):
    consultations_site.reset()
    return config


def on_files(files, *, config):
    return consultations_site.add_files(files, config)


def on_page_markdown(markdown, *, page, config, files):
    consultations_site.page_markdown(page)
    return markdown


def on_page_content(html, *, page, config, files):
    return consultations_site.page_content(html, page)


def on_page_context(context, *, page, config, nav):
    consultations_site.page_context(page)
    return context


def on_post_page(output, *, page, config):
    return consultations_site.post_page(output, page)


def on_post_build(*, config):
    consultations_site.post_build(config)
