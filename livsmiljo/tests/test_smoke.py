def test_the_home_page_speaks_swedish(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Kunskapsbank" in response.content.decode()


def test_the_seed_organisations_are_there(db):
    from livsmiljo.organisations.models import Organisation

    assert Organisation.objects.filter(kind="region").count() == 16
    assert Organisation.objects.filter(slug="tillvaxtverket").exists()
    assert set(Organisation.objects.filter(kind="partner").values_list("name", flat=True)) == {
        "Arkdes",
        "RISE",
        "Vinnova",
        "SKR",
        "Nordregio",
    }
