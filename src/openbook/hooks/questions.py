"""Public Q&A pages from the question snapshot (see openbook.questions.site)."""

from openbook.questions import site as questions_site


def on_config(config):
    questions_site.reset()
    return config


def on_files(files, *, config):
    return questions_site.add_files(files, config)


def on_nav(nav, *, config, files):
    questions_site.capture(nav=nav)
    return nav


def on_env(env, *, config, files):
    questions_site.capture(env=env, files=files)
    return env


def on_template_context(context, *, template_name, config):
    # Question pages are written after the page loop: the sitemap lists them all the same.
    if template_name == "sitemap.xml":
        context["openbook_sitemap_pages"] = questions_site.sitemap_pages()
    return context


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
