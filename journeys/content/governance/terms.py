"""The Spanish a certified medical translator agreed on: one preferred term per concept,
and the forms that are refused (issue 28).

`TERMS` is the one table. `tests/test_spanish_terms.py` reads every rendered Spanish
page, print-out, calendar file and CSV and fails on a refused form; the admin shows the
same check on a Spanish translation's change page (`refused_forms`), as it shows the
reading ease. A refused form is a regular expression matched on the words a reader sees
(case-insensitive unless it says otherwise with `(?-i:...)`), so that a rule can refuse
a phrase without refusing the words it is made of.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    concept: str
    preferred: str
    refused: tuple = ()


TERMS = (
    Term("CAR-T cell therapy", "terapia de células CAR-T", (r"\bterapia CAR-T celular\b",)),
    Term("T cell", "célula T", (r"\bcélulas? T-",)),
    Term(
        "care team",
        "equipo médico",
        (r"\bequipo de atención\b", r"\bequipo de cuidados?\b", r"\bequipo de salud\b"),
    ),
    Term("caregiver", "cuidador / cuidadora", (r"\bcuidador de repuesto\b",)),
    Term("backup caregiver", "cuidador suplente", (r"\bcuidador(a)? de repuesto\b",)),
    Term(
        "leukapheresis", "leucaféresis (recolección de células) / aféresis", (r"\bleucoféresis\b",)
    ),
    Term(
        "lymphodepleting chemotherapy",
        "quimioterapia de linfodepleción",
        (r"\bquimioterapia linfodeplet", r"\blinfodepletora\b"),
    ),
    Term(
        "bridging therapy", "terapia puente", (r"\bterapia de puente\b", r"\bterapia intermedia\b")
    ),
    Term("infusion / day 0", "infusión / Día 0", (r"\binfusión celular del día cero\b",)),
    Term(
        "cytokine release syndrome",
        "síndrome de liberación de citocinas (CRS, por sus siglas en inglés)",
        (r"(?-i:\bSLC\b)",),
    ),
    Term("neurotoxicity", "neurotoxicidad (ICANS)", (r"\bneurotoxicidad \((?-i:SNICE|NTIC)\)",)),
    Term(
        "fever",
        "fiebre: 100.4 °F (38.0 °C) o más",
        (
            r"\d+,\d+\s*°\s*[CF]",  # a decimal comma: US readers read a point
            r"igual o más alta que el número de fiebre",
            r"Una temperatura en °[CF] está entre",
        ),
    ),
    Term("warning signs", "señales de alarma", (r"\bseñal(es)? de alerta\b",)),
    Term(
        "call 911 / call your care team now",
        "llame al 911 / llame ahora a su equipo médico",
        (r"\bmarque (al )?911\b",),
    ),
    Term(
        "after hours",
        "fuera de horario",
        (r"\bfuera del horario\b", r"\bdespués de horas\b", r"(?-i:\bafter hours\b)"),
    ),
    Term(
        "boxed warning",
        "advertencia en recuadro",
        (r"\badvertencia de caja\b", r"\brecuadro negro\b"),
    ),
    Term("Medication Guide", "Guía del medicamento", (r"\bguía de medicación\b",)),
    Term(
        "wallet card",
        "tarjeta para la billetera",
        (r"\btarjeta (para|de) la cartera\b", r"\bcartera\b"),
    ),
    Term("blood counts", "recuentos de células de la sangre", (r"\bconteos? de sangre\b",)),
    Term(
        "B-cell acute lymphoblastic leukemia",
        "leucemia linfoblástica aguda (LLA) de células B",
        (r"(?-i:\bALL\b)", r"\bleucemia \((?-i:ALL)\)"),
    ),
    Term("medicine", "medicamento", (r"\bmedicinas?\b",)),
    Term(
        "antigen marker",
        "un marcador",
        # "la marca ▲" (a mark on the log) is a mark; a mark on a cell is a marker
        (r"\b(una|la) marca\b(?= (\(un antígeno\)|que tienen|en la parte de afuera))",),
    ),
    Term("consent form", "formulario de consentimiento", (r"\bhoja de consentimiento\b",)),
    Term("device", "dispositivo", (r"\baparatos?\b",)),
    Term(
        "timeline",
        "línea de tiempo",
        (r"\bsu calendario con fechas\b", r"\ben su calendario\b(?! \()"),
    ),
    Term("journey", "recorrido", (r"\btodo el camino\b",)),
    Term(
        "length of a period from infusion",
        "durante al menos N días a partir del día de la infusión",
        (r"\b(al|por al) menos \d+ días? después de (la|su) infusión",),
    ),
    Term("a clear no", "No.", (r"\bNo exactamente\b",)),
    Term(
        "keep going to checkups",
        "No deje de ir a sus controles aunque se sienta bien.",
        (r"No falte a sus controles porque se siente bien",),
    ),
    Term("doctor or nurse", "médico, enfermero o enfermera", (r"\bmédico o enfermer[oa]\b",)),
    Term("finished every stage", "Ya terminó todas las etapas", (r"\bYa pasó todas las etapas\b",)),
    Term(
        "be patient with yourself", "tenga paciencia con usted mismo", (r"\bpaciencia consigo\b",)
    ),
    Term(
        "wait until it is safe",
        "Espere a que su equipo médico le diga que es seguro.",
        (r"Espere a su equipo médico\.",),
    ),
    Term(
        "daily checks for how many days",
        "durante cuántos días lo revisarán a diario",
        (r"por cuántos días le harán controles todos los días",),
    ),
    Term(
        "words for everyone, not one gender",
        "¿Tiene dudas? / Si algo le preocupa / Siente confusión / Prepárese para",
        (
            r"¿No está seguro\?",
            r"\bSi está preocupad[oa]\b",
            r"\bSe siente confundid[oa]\b",
            r"\bEsté list[oa]\b",
        ),
    ),
    Term(
        "as of a date, the patient information says",
        "Según la información para pacientes de Aucatzyl (noviembre de 2026)",
        (r"\bEn noviembre de 2026, la información",),
    ),
    Term(
        "instead, some people get another medicine",
        "Algunas personas reciben, en su lugar, otro medicamento",
        (r"\bEn cambio, algunas personas reciben otr[oa]",),
    ),
    Term(
        "pregnancy, birth control, breastfeeding",
        "el embarazo, los métodos anticonceptivos, la lactancia (dar el pecho)",
        (r"\bcómo evitarlo\b",),
    ),
    Term(
        "an English sentence left on a Spanish page",
        "Spanish (names and sources marked “(en inglés)” excepted)",
        (
            r"(?-i:\b(?:the|your|you|and|with|this|that|is|are|for|of|to|if|when)\s+"
            r"(?:the|your|you|a|an|care|team|call|day|days|after|hours|it|not|this)\b)",
        ),
    ),
    Term(
        "the English handwriting sentence",
        "the center's Spanish sentence",
        (r"(?-i:The quick brown fox)",),
    ),
)

_COMPILED = [
    (term, re.compile(pattern, re.IGNORECASE)) for term in TERMS for pattern in term.refused
]


@dataclass(frozen=True)
class Refused:
    found: str
    preferred: str
    concept: str
    context: str

    def __str__(self):
        return f"“{self.found}” → “{self.preferred}” ({self.concept}): …{self.context}…"


def refused_forms(text):
    """Every refused form in `text` (words a reader sees), with the preferred term.
    Line breaks count as spaces, as a browser shows them."""
    text = re.sub(r"\s+", " ", text or "")
    found = []
    for term, pattern in _COMPILED:
        for match in pattern.finditer(text or ""):
            start, end = match.span()
            context = text[max(0, start - 40) : end + 40].replace("\n", " ")
            found.append(Refused(match[0], term.preferred, term.concept, context))
    return found


def translation_refused_forms(translation):
    """The refused forms in a Spanish translation's words (for the admin)."""
    if translation.language != "es":
        return []
    words = []
    for value in (translation.fields or {}).values():
        if isinstance(value, str):
            words.append(value)
        elif isinstance(value, list):
            words += [v for v in value if isinstance(v, str)]
    return refused_forms("\n".join(words))
