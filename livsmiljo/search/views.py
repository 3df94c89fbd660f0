from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from livsmiljo.organisations.access import HtmxHttpRequest, request_user
from livsmiljo.search.forms import SearchForm
from livsmiljo.search.services import SearchResult, keyword_matched, passages_search, strong_count

PAGE_LIMIT = 20


@login_required
def search(request: HtmxHttpRequest) -> HttpResponse:
    """The search page; an HTMX request gets only the results."""
    form = SearchForm(request.GET or None)
    result, query = SearchResult(hits=[]), ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        result = passages_search(
            query=query,
            user=request_user(request),
            limit=PAGE_LIMIT,
            organisation=form.cleaned_data["organisation"],
            kind=form.cleaned_data["kind"] or None,
            year=form.cleaned_data["year"],
        )
    hits = result.hits
    context = {
        "form": form,
        "hits": hits,
        "translated_query": result.translated_query,
        "query": query,
        "strong": strong_count(hits),
        "keyword_matched": keyword_matched(hits),
    }
    template = "search/_results.html" if request.htmx else "search/search.html"
    return render(request, template, context)
