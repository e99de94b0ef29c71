"""Public Q&A pages from the question snapshot (see openbook.questions.site)."""

from openbook.questions import site as questions_site


def on_config(config):
    questions_site.reset()
    return config


def on_files(files, *, config):
    return questions_site.add_files(files, config)


def on_page_markdown(markdown, *, page, config, files):
    questions_site.page_markdown(page)
    return markdown


def on_page_content(html, *, page, config, files):
    return questions_site.page_content(html, page)


def on_page_context(context, *, page, config, nav):
    questions_site.page_context(page)
    return context


def on_post_page(output, *, page, config):
    return questions_site.post_page(output, page)


def on_post_build(*, config):
    questions_site.post_build(config)
