"""The pathway list's filter form: scheme and trade are chosen by id from (id, name)
rows, and behave as the ModelChoiceFields they replace."""

from __future__ import annotations

from typing import Any

import pytest

from fagvei.pathways.forms import PathwayFilterForm
from fagvei.pathways.models import Scheme
from tests.factories import make_scheme, make_trade


def test_a_chosen_scheme_and_trade_clean_to_their_ids(scheme: Any) -> None:
    form = PathwayFilterForm({"scheme": str(scheme.pk), "trade": str(scheme.trade_id)})
    assert form.is_valid()
    assert form.cleaned_data["scheme"] == scheme.pk
    assert form.cleaned_data["trade"] == scheme.trade_id


def test_nothing_chosen_cleans_to_none(scheme: Any) -> None:
    form = PathwayFilterForm({"scheme": "", "q": "kari"})
    assert form.is_valid()
    assert form.cleaned_data["scheme"] is None and form.cleaned_data["trade"] is None


@pytest.mark.parametrize("value", ["x", "0", "-1", " 1", "01", "1.0", "１", "99999999"])
def test_a_value_outside_the_choices_is_refused(scheme: Any, value: str) -> None:
    form = PathwayFilterForm({"scheme": value.replace("1", str(scheme.pk))})
    assert not form.is_valid()
    assert list(form.errors) == ["scheme"]
    # The same answer once the options are fetched (the full page renders them).
    form = PathwayFilterForm({"scheme": value.replace("1", str(scheme.pk))})
    str(form["scheme"])
    assert not form.is_valid()


def test_a_scheme_outside_the_given_ones_is_refused(scheme: Any, other_municipality: Any) -> None:
    elsewhere = make_scheme(other_municipality, scheme.trade)
    mine = Scheme.objects.filter(pk=scheme.pk)
    assert not PathwayFilterForm({"scheme": str(elsewhere.pk)}, schemes=mine).is_valid()
    assert PathwayFilterForm({"scheme": str(scheme.pk)}, schemes=mine).is_valid()


def test_the_options_are_the_rows_in_order_with_the_choice_selected(scheme: Any) -> None:
    other = make_trade("BUA")
    form = PathwayFilterForm({"trade": str(other.pk)})
    form.is_valid()
    html = str(form["trade"])
    assert html.index(">Alle</option>") < html.index(f">{other.name}<") < html.index(f">{scheme.trade.name}<")
    assert f'<option value="{other.pk}" selected>{other.name}</option>' in html
    assert 'name="trade" class="ds-input" id="id_trade"' in html


def test_one_query_a_field_whether_checked_rendered_or_both(scheme: Any, django_assert_num_queries: Any) -> None:
    # Each time, one more first: whether the schemes are few enough for a list.
    with django_assert_num_queries(2):  # an HTMX request: checked only
        assert PathwayFilterForm({"scheme": str(scheme.pk)}).is_valid()
    with django_assert_num_queries(3):  # the whole page, nothing chosen: both lists
        form = PathwayFilterForm()
        [str(form[name]) for name in form.fields]
    with django_assert_num_queries(3):  # options first, then the check reads them
        form = PathwayFilterForm({"scheme": str(scheme.pk)})
        str(form["scheme"]), str(form["trade"])
        assert form.is_valid()


def test_more_schemes_than_a_list_holds_are_found_by_name(
    client: Any, scheme: Any, trade: Any, monkeypatch: Any
) -> None:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from fagvei.pathways import forms
    from tests.factories import make_org, make_pathway, make_person

    monkeypatch.setattr(forms, "SCHEME_OPTIONS", 1)
    other = make_scheme(make_org(name="Fjellbygd kommune"), trade)
    other.name = "Fagbrevordningen Fjellbygd"
    other.save()
    make_pathway(scheme, participant=make_person("Kari", "Nordmann"))
    make_pathway(other, participant=make_person("Ola", "Fjellmann"))
    form = PathwayFilterForm({"scheme_name": "fjellbygd"})
    assert "scheme" not in form.fields and form.is_valid()
    admin = get_user_model().objects.create_superuser("riks", password="x")  # noqa: S106
    client.force_login(admin)
    html = client.get(reverse("pathway_list"), {"scheme_name": "fjellbygd"}).content.decode()
    assert "Fjellmann" in html and "Nordmann" not in html
    assert 'name="scheme_name"' in html and 'name="scheme"' not in html
