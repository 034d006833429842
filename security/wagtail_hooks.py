from wagtail import hooks


@hooks.register("before_serve_page")
def remember_cacheable_page(page, request, serve_args, serve_kwargs):
    from .page_cache import mark_cacheable

    mark_cacheable(page, request)
