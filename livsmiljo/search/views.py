from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from livsmiljo.search.forms import SearchForm
from livsmiljo.search.services import search_passages

PAGE_LIMIT = 20


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The search page; an HTMX request gets only the results."""
    form = SearchForm(request.GET or None)
    hits, query = [], ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        hits = search_passages(
            query=query,
            user=request.user,  # type: ignore[arg-type]
            limit=PAGE_LIMIT,
            organisation=form.cleaned_data["organisation"],
            kind=form.cleaned_data["kind"] or None,
            year=form.cleaned_data["year"],
        )
    context = {"form": form, "hits": hits, "query": query}
    template = "search/_results.html" if getattr(request, "htmx", False) else "search/search.html"
    return render(request, template, context)
