"""The open FAQ: entries, the index, the banner on source questions (see openbook.faq.site).

After questions and history in openbook.hooks.FEATURES: it reads the moderated
questions, dresses pages the questions hook rendered, and credits page history.
"""

from openbook.faq import site as faq_site


def on_config(config):
    faq_site.reset()


def on_files(files, *, config):
    return faq_site.on_files(files, config)


def on_page_markdown(markdown, *, page, config, files):
    return faq_site.page_markdown(markdown, page)


def on_page_content(html, *, page, config, files):
    return faq_site.page_content(html, page)


def on_page_context(context, *, page, config, nav):
    return faq_site.page_context(context, page)


def on_post_page(output, *, page, config):
    return faq_site.post_page(output, page)
