"""Pricing pages, price history and the price feed from data/pricing.yml (see openbook.pricing.site)."""

from openbook.pricing import site as pricing_site


def on_files(files, *, config):
    return pricing_site.on_files(files, config)


def on_page_markdown(markdown, *, page, config, files):
    return pricing_site.on_page_markdown(markdown, page, config)


def on_page_content(html, *, page, config, files):
    return pricing_site.on_page_content(html, page, config)


def on_post_page(output, *, page, config):
    return pricing_site.on_post_page(output, page, config)
