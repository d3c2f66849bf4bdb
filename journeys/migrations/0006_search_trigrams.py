"""pg_trgm on PostgreSQL, for search's "a word typed a letter or two wrong" (issue 30).

Nothing on SQLite, where journeys/content/search/fuzzy.py computes the same similarity.
pg_trgm is a trusted extension (PostgreSQL 13 on): the database's owner may create it.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("journeys", "0005_spanish_review")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
