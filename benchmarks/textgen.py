"""Realistic-looking experience reports in Norwegian (bokmål) and Swedish, from word lists.

Everything is drawn from a ``random.Random`` the caller seeds, so a run is reproducible.
The text is not meant to be good prose: it is meant to have the vocabulary, length and
variety of real reports, so analyzers, index size and bulk throughput behave as they would.
"""

import datetime

# (bokmål, svenska, topic slugs, tags, national solution slugs)
PROJECTS = [
    ("digital post", "digital post", ["digital-post"], ["utsending", "porto"], ["svarut", "digipost", "kivra"]),
    (
        "SvarUt fra fagsystemene",
        "digital brevlåda i verksamhetssystemen",
        ["digital-post", "it-operations"],
        ["integrasjon", "fagsystem"],
        ["svarut", "svarinn", "mina-meddelanden"],
    ),
    (
        "chatbot på nettsidene",
        "chattbot på webbplatsen",
        ["citizen-dialogue", "automation"],
        ["chatbot", "kundesenter"],
        [],
    ),
    (
        "digitale trygghetsalarmer",
        "digitala trygghetslarm",
        ["welfare-technology", "health-care"],
        ["trygghetsalarm", "responssenter"],
        [],
    ),
    (
        "digitalt tilsyn om natten",
        "nattkamera i hemtjänsten",
        ["welfare-technology", "health-care"],
        ["nattilsyn", "kamera", "personvern"],
        [],
    ),
    (
        "medisindispensere",
        "läkemedelsautomater",
        ["welfare-technology", "health-care"],
        ["medisiner", "hjemmetjeneste"],
        ["helsenorge", "inera-1177"],
    ),
    (
        "elektronisk byggesøknad",
        "e-tjänst för bygglov",
        ["building-permits", "e-services"],
        ["byggesak", "plan"],
        ["fellestjenester-bygg", "open-eplatform"],
    ),
    (
        "digital søknad om barnehageplass",
        "e-tjänst för förskoleplats",
        ["kindergarten-school", "e-services"],
        ["barnehage", "opptak"],
        ["id-porten", "bankid-se"],
    ),
    (
        "Digisos i NAV-kontoret",
        "digital ansökan om ekonomiskt bistånd",
        ["social-services", "e-services"],
        ["sosialhjelp", "søknad"],
        ["digisos", "freja-eid"],
    ),
    (
        "e-signering av avtaler",
        "e-underskrift av avtal",
        ["e-signing-id"],
        ["signering", "avtaler"],
        ["bankid-no", "id-porten", "bankid-se", "svensk-e-legitimation"],
    ),
    (
        "nytt sak- og arkivsystem",
        "nytt ärendehanteringssystem",
        ["archives-records"],
        ["arkiv", "journalføring", "postmottak"],
        ["ks-fiks", "sdk"],
    ),
    (
        "overgang til skytjenester",
        "flytt till molntjänster",
        ["it-operations", "information-security"],
        ["sky", "drift", "lisenser"],
        [],
    ),
    (
        "felles anskaffelse av fagsystem",
        "gemensam upphandling av verksamhetssystem",
        ["procurement", "governance"],
        ["anskaffelse", "konkurranse"],
        [],
    ),
    (
        "digital kompetanseheving for ansatte",
        "digital kompetenslyft för medarbetare",
        ["digital-competence"],
        ["opplæring", "e-læring"],
        ["ks-laering"],
    ),
    (
        "risikovurdering og internkontroll",
        "informationssäkerhetsarbete och riskanalys",
        ["information-security", "governance"],
        ["personvern", "gdpr", "risiko"],
        [],
    ),
    ("innbyggerdialog på nett", "medborgardialog på nätet", ["citizen-dialogue"], ["høring", "medvirkning"], []),
    (
        "åpne data om kollektivtrafikk og vann",
        "öppna data om vatten och avlopp",
        ["open-data"],
        ["api", "datasett"],
        [],
    ),
    (
        "robotisering av fakturamottak",
        "robotisering av fakturahantering",
        ["automation"],
        ["rpa", "faktura", "økonomi"],
        [],
    ),
    (
        "digital hjemmeoppfølging",
        "digital hemmonitorering",
        ["welfare-technology", "health-care"],
        ["kronikere", "målinger"],
        ["helsenorge", "inera-1177"],
    ),
    (
        "selvbetjeningsportal for innbyggere",
        "självservice för invånare",
        ["e-services", "citizen-dialogue"],
        ["selvbetjening", "skjema"],
        ["altinn", "id-porten", "open-eplatform"],
    ),
    (
        "GPS-lokalisering for personer med demens",
        "GPS-larm för personer med demenssjukdom",
        ["welfare-technology"],
        ["gps", "demens"],
        [],
    ),
    (
        "digitalt skolemiljø",
        "digitala lärplattformar i skolan",
        ["kindergarten-school", "digital-competence"],
        ["læringsplattform", "nettbrett"],
        [],
    ),
    (
        "styringsmodell for digitalisering",
        "styrmodell för digitalisering",
        ["governance"],
        ["porteføljestyring", "gevinstrealisering"],
        [],
    ),
    (
        "automatisk saksbehandling av startlån",
        "automatiserad handläggning av försörjningsstöd",
        ["automation", "social-services"],
        ["automatisering", "vedtak"],
        ["altinn"],
    ),
]

STATUS_WEIGHTS = [("completed", 6), ("ongoing", 3), ("planned", 1), ("stopped", 1)]
EFFORTS = ["low", "medium", "high", "very_high", ""]

NB = {
    "title": [
        "Innføring av {project} i {muni}",
        "Erfaringer med {project} i {muni}",
        "Slik tok {muni} i bruk {project}",
        "Pilot med {project} i {muni} – {lesson}",
        "{project_cap} i {muni}: {lesson}",
        "Fra papir til digitalt: {project} i {muni}",
        "{muni} samarbeidet om {project}",
        "Hva vi lærte av {project} i {muni}",
    ],
    "lesson": [
        "dette lærte vi",
        "mer arbeid enn ventet",
        "brukerne tok det raskt i bruk",
        "opplæringen var nøkkelen",
        "leverandøren ble flaskehalsen",
        "gevinstene kom etter ett år",
        "ikke alt gikk etter planen",
        "små steg fungerte best",
    ],
    "summary": [
        "{muni} tok i bruk {project} i {year} for å {goal}.",
        "Prosjektet ble ledet av {role} og varte i {months} måneder.",
        "Etter {months} måneder {result}.",
        "Vi samarbeidet med {partner} og {partner2} om innføringen.",
        "Den største utfordringen var {problem}.",
        "Erfaringene ble delt på en regional samling i {year}.",
    ],
    "goal": [
        "spare tid i saksbehandlingen",
        "gi innbyggerne bedre tjenester",
        "redusere portokostnadene",
        "frigjøre tid til brukerne",
        "få bedre oversikt over sakene",
        "styrke informasjonssikkerheten",
        "gjøre tjenesten tilgjengelig hele døgnet",
        "redusere antall manuelle feil",
    ],
    "result": [
        "gikk over halvparten av henvendelsene digitalt",
        "brukte saksbehandlerne merkbart mindre tid per sak",
        "var ventetiden halvert",
        "hadde alle enhetene tatt løsningen i bruk",
        "var tilbakemeldingene fra innbyggerne stort sett positive",
        "hadde vi spart rundt {number} timer",
        "var nesten {percent} prosent av søknadene digitale",
    ],
    "role": [
        "arkivleder",
        "digitaliseringsrådgiver",
        "en systemforvalter",
        "enhetslederen i hjemmetjenesten",
        "IT-sjefen",
        "kommunalsjef for helse og velferd",
        "en prosjektleder fra servicetorget",
        "økonomisjefen",
    ],
    "partner": [
        "leverandøren",
        "nabokommunene",
        "KS",
        "fylkeskommunen",
        "de tillitsvalgte",
        "brukerrådet",
        "eldrerådet",
        "NAV",
        "IKT-samarbeidet i regionen",
    ],
    "problem": [
        "å få integrasjonen mot fagsystemet til å virke",
        "å få med de ansatte i turnus",
        "manglende dekning i distriktet",
        "uklare ansvarsforhold mellom enhetene",
        "personvernkonsekvensvurderingen",
        "at leverandøren ikke leverte til avtalt tid",
        "opplæring av vikarer og nyansatte",
        "at de gamle rutinene levde videre ved siden av de nye",
    ],
    "background": [
        "Før prosjektet ble det meste gjort manuelt, og {role} brukte mye tid på {chore}.",
        "Kommunestyret vedtok i {year} at {muni} skulle satse på {project}.",
        "Vi hadde over {number} henvendelser i året, og mange av dem handlet om det samme.",
        "Nabokommunene hadde allerede gode erfaringer, og vi ønsket å lære av dem.",
        "Tjenesten var sårbar fordi bare noen få ansatte kunne rutinene.",
        "Innbyggerne ba om å kunne {action} digitalt.",
    ],
    "what_we_did": [
        "Vi satte ned en arbeidsgruppe med {role}, {role2} og representanter for brukerne.",
        "Først kartla vi dagens rutiner og laget en enkel gevinstplan.",
        "Løsningen ble testet i én enhet i {months} måneder før vi rullet den ut.",
        "Vi laget korte brukerveiledninger og holdt opplæring på hver arbeidsplass.",
        "Integrasjonen mot {system} ble satt opp sammen med leverandøren.",
        "Alle ansatte fikk tilbud om et kurs på to timer, og superbrukere i hver enhet.",
        "Vi gjennomførte en personvernkonsekvensvurdering før oppstart.",
    ],
    "what_worked": [
        "Superbrukerne var gull verdt i den første tiden.",
        "Det hjalp å starte smått og utvide når rutinene satt.",
        "Brukerne var mer positive enn vi hadde fryktet.",
        "Tett dialog med leverandøren gjorde at feil ble rettet raskt.",
        "Ukentlige statusmøter holdt fremdriften oppe.",
        "Det var lett å måle gevinstene fordi vi hadde gode tall fra før.",
    ],
    "what_did_not_work": [
        "Vi undervurderte hvor mye tid opplæringen ville ta.",
        "Integrasjonen mot {system} var ustabil de første ukene.",
        "Noen ansatte fortsatte med papir ved siden av, og det ga dobbeltarbeid.",
        "Mobildekningen var for dårlig i deler av kommunen.",
        "Det tok lang tid å få på plass databehandleravtalen.",
        "Vi burde ha involvert de tillitsvalgte tidligere.",
    ],
    "advice": [
        "Sett av tid til opplæring, også for vikarer.",
        "Start med en pilot og mål før og etter.",
        "Snakk med en kommune som har gjort det før dere.",
        "Gjør personvernvurderingen tidlig, ikke rett før oppstart.",
        "Gi én person tydelig ansvar for forvaltningen etterpå.",
        "Ta med brukerne fra første møte.",
    ],
    "results": [
        "Vi sparer nå rundt {number} timer i året.",
        "{percent} prosent av innbyggerne bruker den digitale løsningen.",
        "Antall klager har gått ned, og ventetiden er kortere.",
        "Løsningen er nå en del av driften og forvaltes av {role}.",
        "Gevinstene er dokumentert i en egen rapport til kommunestyret.",
    ],
    "chore": ["å skrive ut og sende brev", "å registrere søknader", "å ringe rundt til brukerne", "å føre lister"],
    "action": ["søke", "melde fra", "betale", "signere", "følge saken sin"],
    "system": ["sak- og arkivsystemet", "økonomisystemet", "fagsystemet i helse", "folkeregisteret", "Altinn"],
    "tags": [
        "gevinstrealisering",
        "brukermedvirkning",
        "opplæring",
        "pilot",
        "interkommunalt",
        "leverandør",
        "personvern",
        "integrasjon",
        "tjenestedesign",
        "endringsledelse",
        "superbrukere",
        "innbyggere",
    ],
}

SV = {
    "title": [
        "Införande av {project} i {muni}",
        "Erfarenheter av {project} i {muni}",
        "Så införde {muni} {project}",
        "Pilot med {project} i {muni} – {lesson}",
        "{project_cap} i {muni}: {lesson}",
        "Från papper till digitalt: {project} i {muni}",
        "{muni} samverkade kring {project}",
        "Vad vi lärde oss av {project} i {muni}",
    ],
    "lesson": [
        "det här lärde vi oss",
        "mer arbete än väntat",
        "användarna kom snabbt igång",
        "utbildningen var avgörande",
        "leverantören blev flaskhalsen",
        "nyttan kom efter ett år",
        "allt gick inte enligt plan",
        "små steg fungerade bäst",
    ],
    "summary": [
        "{muni} införde {project} {year} för att {goal}.",
        "Projektet leddes av {role} och pågick i {months} månader.",
        "Efter {months} månader {result}.",
        "Vi samarbetade med {partner} och {partner2} kring införandet.",
        "Den största utmaningen var {problem}.",
        "Erfarenheterna delades på en regional träff {year}.",
    ],
    "goal": [
        "spara tid i handläggningen",
        "ge invånarna bättre service",
        "minska portokostnaderna",
        "frigöra tid till brukarna",
        "få bättre överblick över ärendena",
        "stärka informationssäkerheten",
        "göra tjänsten tillgänglig dygnet runt",
        "minska antalet manuella fel",
    ],
    "result": [
        "kom över hälften av ärendena in digitalt",
        "lade handläggarna märkbart mindre tid per ärende",
        "hade väntetiden halverats",
        "använde alla enheter lösningen",
        "var invånarnas återkoppling till största delen positiv",
        "hade vi sparat runt {number} timmar",
        "var nästan {percent} procent av ansökningarna digitala",
    ],
    "role": [
        "arkivarien",
        "digitaliseringsstrategen",
        "en systemförvaltare",
        "enhetschefen i hemtjänsten",
        "IT-chefen",
        "socialchefen",
        "en projektledare från kontaktcenter",
        "ekonomichefen",
    ],
    "partner": [
        "leverantören",
        "grannkommunerna",
        "SKR",
        "regionen",
        "de fackliga företrädarna",
        "pensionärsrådet",
        "Inera",
        "länsstyrelsen",
        "e-samverkan i länet",
    ],
    "problem": [
        "att få integrationen mot verksamhetssystemet att fungera",
        "att nå medarbetarna som arbetar natt",
        "bristande mobiltäckning i glesbygden",
        "otydlig ansvarsfördelning mellan förvaltningarna",
        "konsekvensbedömningen enligt dataskyddsförordningen",
        "att leverantören inte levererade i tid",
        "utbildning av vikarier och nyanställda",
        "att de gamla rutinerna levde kvar vid sidan av de nya",
    ],
    "background": [
        "Före projektet gjordes det mesta för hand, och {role} lade mycket tid på {chore}.",
        "Kommunfullmäktige beslutade {year} att {muni} skulle satsa på {project}.",
        "Vi hade över {number} ärenden om året, och många handlade om samma sak.",
        "Grannkommunerna hade redan goda erfarenheter, och vi ville lära av dem.",
        "Verksamheten var sårbar eftersom bara några få medarbetare kunde rutinerna.",
        "Invånarna efterfrågade att kunna {action} digitalt.",
    ],
    "what_we_did": [
        "Vi tillsatte en arbetsgrupp med {role}, {role2} och företrädare för brukarna.",
        "Först kartlade vi dagens rutiner och tog fram en enkel nyttoplan.",
        "Lösningen testades i en enhet i {months} månader innan vi breddinförde den.",
        "Vi tog fram korta lathundar och höll utbildning på varje arbetsplats.",
        "Integrationen mot {system} sattes upp tillsammans med leverantören.",
        "Alla medarbetare erbjöds en utbildning på två timmar, och varje enhet fick superanvändare.",
        "Vi gjorde en konsekvensbedömning avseende dataskydd innan start.",
    ],
    "what_worked": [
        "Superanvändarna var ovärderliga i början.",
        "Det hjälpte att börja smått och bredda när rutinerna satt.",
        "Användarna var mer positiva än vi hade befarat.",
        "Tät dialog med leverantören gjorde att fel rättades snabbt.",
        "Veckovisa avstämningar höll tempot uppe.",
        "Det var lätt att mäta nyttan eftersom vi hade bra siffror sedan tidigare.",
    ],
    "what_did_not_work": [
        "Vi underskattade hur mycket tid utbildningen skulle ta.",
        "Integrationen mot {system} var instabil de första veckorna.",
        "Vissa medarbetare fortsatte med papper vid sidan av, vilket gav dubbelarbete.",
        "Mobiltäckningen var för dålig i delar av kommunen.",
        "Det tog lång tid att få personuppgiftsbiträdesavtalet på plats.",
        "Vi borde ha involverat de fackliga företrädarna tidigare.",
    ],
    "advice": [
        "Avsätt tid för utbildning, även för vikarier.",
        "Börja med en pilot och mät före och efter.",
        "Prata med en kommun som har gjort det före er.",
        "Gör dataskyddsbedömningen tidigt, inte precis innan start.",
        "Ge en person tydligt ansvar för förvaltningen efteråt.",
        "Ta med brukarna från första mötet.",
    ],
    "results": [
        "Vi sparar nu runt {number} timmar om året.",
        "{percent} procent av invånarna använder den digitala tjänsten.",
        "Antalet klagomål har minskat och väntetiden är kortare.",
        "Lösningen är nu en del av ordinarie drift och förvaltas av {role}.",
        "Nyttan är dokumenterad i en egen rapport till kommunstyrelsen.",
    ],
    "chore": ["att skriva ut och skicka brev", "att registrera ansökningar", "att ringa runt till brukarna"],
    "action": ["ansöka", "anmäla", "betala", "signera", "följa sitt ärende"],
    "system": [
        "ärendehanteringssystemet",
        "ekonomisystemet",
        "journalsystemet",
        "folkbokföringen",
        "e-tjänsteplattformen",
    ],
    "tags": [
        "nyttorealisering",
        "brukarmedverkan",
        "utbildning",
        "pilot",
        "samverkan",
        "leverantör",
        "dataskydd",
        "integration",
        "tjänstedesign",
        "förändringsledning",
        "superanvändare",
        "invånare",
    ],
}

SECTIONS = ["background", "what_we_did", "what_worked", "what_did_not_work", "advice", "results"]


class ReportWriter:
    """Draws one report at a time; ``municipalities`` etc. are model instances from the reference data."""

    def __init__(self, rng, *, municipalities, topics, national_solutions, networks):
        self.rng = rng
        self.municipalities = {
            "NO": [m for m in municipalities if m.country == "NO"],
            "SE": [m for m in municipalities if m.country == "SE"],
        }
        self.topics = {topic.slug: topic for topic in topics}
        self.solutions = {solution.slug: solution for solution in national_solutions}
        self.networks = networks  # [(network, {member municipality ids})]
        self.statuses = [status for status, weight in STATUS_WEIGHTS for _ in range(weight)]

    def _fill(self, template, words, context):
        rng = self.rng
        values = {
            **context,
            "role": rng.choice(words["role"]),
            "role2": rng.choice(words["role"]),
            "partner": rng.choice(words["partner"]),
            "partner2": rng.choice(words["partner"]),
            "goal": rng.choice(words["goal"]),
            "problem": rng.choice(words["problem"]),
            "chore": rng.choice(words["chore"]),
            "action": rng.choice(words["action"]),
            "system": rng.choice(words["system"]),
            "months": rng.randint(3, 30),
            "number": rng.choice([300, 800, 1200, 2500, 4000, 12000, 28000]),
            "percent": rng.randint(20, 95),
            "lesson": rng.choice(words["lesson"]),
        }
        values["result"] = words["result"][rng.randrange(len(words["result"]))].format(**values)
        return template.format(**values)

    def _paragraphs(self, name, words, context):
        pool = words[name]
        paragraphs = []
        for _ in range(self.rng.randint(1, 3)):
            sentences = self.rng.sample(pool, k=min(len(pool), self.rng.randint(2, 4)))
            paragraphs.append("<p>" + " ".join(self._fill(s, words, context) for s in sentences) + "</p>")
        return "".join(paragraphs)

    def report(self):
        """A dict of ExperiencePage field values plus its relations (model instances, tag names)."""
        rng = self.rng
        country = "NO" if rng.random() < 0.6 else "SE"
        words, language = (NB, "nb") if country == "NO" else (SV, "sv")
        project = rng.choice(PROJECTS)
        name = project[0] if country == "NO" else project[1]
        municipalities = rng.sample(self.municipalities[country], k=1 if rng.random() < 0.8 else rng.randint(2, 4))
        published = datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randrange(12 * 365))
        context = {
            "project": name,
            "project_cap": name[:1].upper() + name[1:],
            "muni": " og ".join(m.name for m in municipalities[:2]) if country == "NO" else municipalities[0].name,
            "year": published.year - rng.randint(0, 2),
        }
        title = self._fill(rng.choice(words["title"]), words, context)[:250]
        summary = " ".join(self._fill(s, words, context) for s in rng.sample(words["summary"], k=rng.randint(2, 3)))
        sections = {name: self._paragraphs(name, words, context) if rng.random() < 0.85 else "" for name in SECTIONS}
        sections["background"] = sections["background"] or self._paragraphs("background", words, context)
        status = rng.choice(self.statuses)
        period_start = published - datetime.timedelta(days=rng.randint(120, 900))
        period_end = (
            None if status in ("planned", "ongoing") else published - datetime.timedelta(days=rng.randint(0, 90))
        )
        ids = {m.pk for m in municipalities}
        networks = [network for network, members in self.networks if ids & members]
        topics = [self.topics[slug] for slug in project[2] if slug in self.topics]
        if rng.random() < 0.3:
            topics.append(rng.choice(list(self.topics.values())))
        solutions = [
            self.solutions[slug]
            for slug in project[4]
            if slug in self.solutions and self.solutions[slug].country == country
        ]
        tags = sorted({*project[3], *rng.sample(words["tags"], k=rng.randint(1, 3))})
        return {
            "fields": {
                "title": title,
                "summary": summary[:800],
                "language": language,
                "status": status,
                "effort": rng.choice(EFFORTS),
                "period_start": None if status == "planned" else period_start,
                "period_end": period_end,
                "network": rng.choice(networks) if networks and rng.random() < 0.7 else None,
                **sections,
            },
            "published": published,
            "municipalities": municipalities,
            "topics": list(dict.fromkeys(topics)),
            "national_solutions": solutions,
            "tags": tags,
        }
