"""What the demo's users typed: referral notes, the reasons for decisions, interruptions
and endings, and the free-text parts of the screening. Data shown to Norwegian users, so
in bokmål; the demo's plan (``plan.py``) picks from these lists."""

from __future__ import annotations

from fagvei.pathways.models import EndReason, ReferralSource, Screening

# "{p}" is the trade's practitioner ("helsearbeider").
REFERRAL_NOTES: dict[str, str] = {
    ReferralSource.NAV: "Arbeidssøker hos NAV Fjordvik med ønske om fagbrev som {p}.",
    ReferralSource.EMPLOYER: "Ansatt uten fagbrev; arbeidsgiver ønsker fagbrev på jobb.",
    ReferralSource.REFUGEE_SERVICE: "Deltaker i introduksjonsprogrammet, henvist fra flyktningtjenesten.",
    ReferralSource.JOBBSJANSEN: "Deltaker i Jobbsjansen, ønsker å bli {p}.",
    ReferralSource.ADULT_EDUCATION: "Henvist fra voksenopplæringen etter fullført norskkurs.",
    ReferralSource.SCHOOL: "Søker læreplass etter Vg2.",
    ReferralSource.SELF: "Tok selv kontakt etter informasjonsmøtet om fagbrevordningen.",
    ReferralSource.OTHER: "Henvist fra språkkafeen på biblioteket.",
}
ADMIT_REASONS = (
    "Motivert og egnet; norsknivå og arbeidserfaring fra faget oppfyller kravene.",
    "Godt intervju og gode referanser fra praksisstedet. Anbefalt av faglærer.",
    "Relevant erfaring fra hjemlandet og god progresjon i norsk.",
    "Sterk motivasjon og god kjennskap til faget fra vikariater.",
)
DECLINE_REASONS = (
    "Norsknivået er foreløpig under A2. Anbefalt videre norskopplæring og ny søknad neste år.",
    "Kan ikke delta minst 80 % på grunn av omsorgsoppgaver. Ny vurdering om et halvår.",
    "Ønsker heller et annet fag; henvist til karriereveiledning.",
    "Mangler dokumentert arbeidserfaring fra faget; tilbudt praksisplass først.",
)
INTERRUPT_REASONS = (
    "Foreldrepermisjon.",
    "Langvarig sykmelding.",
    "Permisjon for å ta seg av familie i hjemlandet.",
)
END_NOTES = {
    EndReason.WITHDRAWN: "Deltakeren trakk seg skriftlig; har fått fast jobb i en annen bransje.",
    EndReason.TERMINATED: "Oppsagt etter avtale mellom partene; fylkeskommunen ble varslet skriftlig på forhånd.",
    EndReason.CANCELLED: "Hevet etter vedtak i fylkeskommunen etter langvarig avbrudd.",
    EndReason.OTHER: "Flyttet til en annen kommune; overført til fagbrevordningen der.",
}
EDUCATION_NOTES = {
    Screening.Education.NONE: "Lite skolegang fra hjemlandet.",
    Screening.Education.PRIMARY: "Grunnskole fra hjemlandet, ni år.",
    Screening.Education.UPPER_SECONDARY: "To år videregående skole i hjemlandet.",
    Screening.Education.UPPER_SECONDARY_DONE: "Fullført videregående skole i hjemlandet.",
    Screening.Education.VOCATIONAL_ABROAD: "Yrkesutdanning fra hjemlandet, ikke godkjent i Norge.",
    Screening.Education.HIGHER: "Bachelorgrad fra hjemlandet, ikke godkjent i Norge.",
}
WORK_NOTES = {
    "BUA": "Assistent og vikar i barnehage.",
    "HEA": "Pleieassistent på sykehjem, helgevakter.",
    "ROF": "Renholdsassistent, vikar i kommunen.",
}
MOTIVATION_NOTES = (
    "Ønsker fast jobb og fagbrev.",
    "Vil bli et forbilde for egne barn.",
    "Trives med faget og vil utvikle seg videre.",
    "Ønsker å bruke erfaringen fra hjemlandet i Norge.",
)
SUITABILITY_NOTES = {
    "BUA": "God kontakt med barna i praksis; gode tilbakemeldinger fra styrer.",
    "HEA": "Rolig og omsorgsfull; gode tilbakemeldinger fra praksisstedet.",
    "ROF": "Jobber strukturert og nøyaktig; god kunnskap om utstyr.",
}
LIFE_SITUATIONS = (
    "Enslig forsørger med to barn i barnehage.",
    "Gift, tre barn i skolealder.",
    "Bor alene, nylig bosatt i Fjordvik.",
    "Samboer, ett barn.",
    "Bor med ektefelle; ektefellen går på introduksjonsprogrammet.",
)
HINDRANCES = (
    "Ingen kjente hindringer.",
    "Trenger barnehageplass til yngste barn fra august.",
    "Lang reisevei; avhengig av buss.",
)
NO_80_HINDRANCE = "Omsorgsansvar gjør at deltakelse over 60 % ikke er mulig nå."
