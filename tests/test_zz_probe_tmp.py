import pytest
from django.contrib import admin
pytestmark = pytest.mark.django_db
def test_probe(seeded_db, staff_client):
    for m in admin.site._registry:
        print("PROBE", m._meta.label, m.objects.count())
    from journeys.models import Stage
    from django.urls import reverse
    stage = Stage.objects.first()
    html = staff_client.get(reverse("admin:journeys_stage_change", args=[stage.pk])).content.decode()
    import re
    print("PROBE", re.findall(r'<select[^>]*sources[^>]*>', html)[:2])
    html = staff_client.get(reverse("admin:journeys_stage_changelist")).content.decode()
    open("/tmp/probe/cl.html","w").write(html)
    html = staff_client.get(reverse("admin:journeys_step_add")).content.decode()
    open("/tmp/probe/add.html","w").write(html)
