# ruff: noqa: E501  (seed data: long Swedish strings read better unbroken)
"""Seed data for the rest of the framework: groups, strategic areas, roles, goal conflicts and cue words.

Copied into the database by the analysis app's data migration; facilitators edit it there.
Signal notation: see `classify_text`. Groups are tagged on explicit mentions only, so their
signals are deliberately narrow. Example sentences are written for this project.
"""

from livsmiljo.engine.classify import Concept, Framework
from livsmiljo.engine.classify_seed_themes import THEMES
from livsmiljo.engine.classify_text import parse_signals

Seed = dict[str, object]

GROUPS: list[Seed] = [
    {
        "id": "barn_unga",
        "name": "Barn och unga",
        "description": "Barn, ungdomar och unga vuxna, elever.",
        "signals": "~barn, barnen, barnens, ~barns, barnfamilj*, barnperspektiv*, barnrätt*, barnkonvention*, "
        "barnfattigdom*, *barnomsorg, ~unga, ~ungas, ~ung, ~ungt, unga vuxna, ungdom*, *ungdom, *ungdomar, "
        "ensamkommande, skolelev*, ~elever, ~eleverna, elevers, tonåring*, flickor och pojkar, "
        "pojkar och flickor, ungdomsråd*, ungdomskonsulent*, ungdomsstrateg*, unga som, skolbarn*, "
        "förskolebarn*, småbarn*, *barnfamilj*, barn och unga",
    },
    {
        "id": "aldre",
        "name": "Äldre",
        "description": "Äldre personer, pensionärer, en åldrande befolkning som målgrupp.",
        "signals": "äldre personer, äldre människor, äldre invånare, de äldre, ~äldres, äldreomsorg*, "
        "äldrevänlig*, äldreboende*, äldreråd*, äldrevård*, pensionär*, seniorer, unga som gamla, "
        "unga och gamla, äldre och unga, äldre och yngre, yngre och äldre, 65 år och äldre, personer över 65, "
        "de äldsta, äldre personers",
    },
    {
        "id": "funktionsnedsattning",
        "themes": ["inkludering"],
        "name": "Personer med funktionsnedsättning",
        "description": "Personer med funktionsnedsättning eller funktionsvariation, olika förmågor.",
        "signals": "funktionsnedsättning*, *funktionsnedsättning, funktionshind*, funktionsvariation*, "
        "olika förmågor, nedsatt funktionsförmåga, nedsatt rörelseförmåga, rörelsehind*, rullstol*, "
        "synskad*, hörselskad*, neuropsykiatrisk*, intellektuell funktionsnedsättning, lss, "
        "tillgänglighetsanpass*, universell utformning",
    },
    {
        "id": "utrikes_fodda",
        "themes": ["inkludering"],
        "name": "Utrikes födda och nyanlända",
        "description": "Utrikes födda, nyanlända, invandrare, flyktingar och asylsökande.",
        "signals": "utrikes födda, utrikesfödd*, utrikes födda, nyanländ*, *nyanlända, invandrar*, invandrare, "
        "flykting*, *flykting, asyl*, migrant*, född utomlands, födda utomlands, utländsk bakgrund, "
        "svenska för invandrare, ~sfi, ensamkommande, skyddsbehövande, bosättning av nyanlända, "
        "utländska akademiker, utlandsfödd*, utomeuropeiskt födda, födda utanför",
    },
    {
        "id": "jamstalldhet",
        "themes": ["inkludering"],
        "name": "Jämställdhet (kvinnor och män)",
        "description": "Kvinnor och män, flickor och pojkar, jämställdhet mellan könen.",
        "signals": "jämställd*, *jämställdhet, ojämställd*, ~kvinnor, kvinnors, ~kvinna, kvinnliga, ~män, mäns, "
        "manliga, flickor*, pojkar*, ~kön, könen, könet, könsuppdel*, könsskillnad*, genus*, "
        "mäns våld, våld mot kvinnor, hbtq*, könsbalans*, könsfördelning*, mansdominerad*, kvinnodominerad*",
    },
    {
        "id": "minoriteter",
        "themes": ["inkludering"],
        "name": "Nationella minoriteter och samer",
        "description": "Nationella minoriteter och urfolket samerna: samer, judar, romer, sverigefinnar, "
        "tornedalingar, deras språk och näringar som rennäringen.",
        "signals": "nationella minoritet*, minoritet*, *minoriteter, ~samer, ~samerna, samernas, samisk*, "
        "sameby*, *sameby, samebyar*, sametinget*, sápmi, sapmi, saepmie, urfolk*, rennäring*, *rennäring, "
        "renskötsel*, *renskötsel, renbete*, *renbete, renbetesfjäll*, romer*, romsk*, ~judar, judisk*, "
        "sverigefinn*, tornedal*, meänkieli*, ~kväner, jiddisch, förvaltningsområde*, minoritetsspråk*",
    },
    {
        "id": "landsbygd",
        "name": "Landsbygd och glesbygd",
        "description": "Landsbygder, glesbygd, skärgård och glest befolkade områden, inlandet.",
        "signals": "landsbygd*, *landsbygd, *landsbygden, *landsbygder, glesbygd*, *glesbygd, glesbefolk*, "
        "glest befolkad*, glesa, gleshet*, skärgård*, *skärgård, inlandet*, inlandskommun*, "
        "avfolkning*, små orter, mindre orter, landsbygds*, gles och landsbygd*",
    },
    {
        "id": "utsatta_omraden",
        "themes": ["inkludering"],
        "name": "Socioekonomiskt utsatta områden",
        "description": "Utsatta bostadsområden, områden med socioekonomiska utmaningar, segregerade områden.",
        "signals": "utsatta områden, utsatt område, utsatta bostadsområden, särskilt utsatta, socioekonomisk*, "
        "boendesegregation*, *segregation, segregerad*, utanförskapsområde*, miljonprogram*, "
        "områden med socioekonomiska, socialt utsatta områden",
    },
    {
        "id": "arbetslosa_lagutbildade",
        "name": "Arbetslösa och personer med kort utbildning",
        "description": "Arbetslösa, långtidsarbetslösa, personer långt från arbetsmarknaden och med kort "
        "utbildning.",
        "signals": "arbetslös*, *arbetslöshet, långtidsarbetslös*, långt från arbetsmarknaden, "
        "står utanför arbetsmarknaden, lågutbildad*, kort utbildning, saknar gymnasieutbildning, "
        "utan gymnasieutbildning, försörjningsstöd*, ekonomiskt bistånd, varken arbetar eller studerar, "
        "~uvas",
    },
]

AREAS: list[Seed] = [
    {
        "id": "likvardiga_mojligheter",
        "name": "Likvärdiga möjligheter till boende, arbete och välfärd i hela landet",
        "description": "Strategiskt område 1 i den nationella strategin: attraktiva livsmiljöer, bostäder, "
        "service, hälsa och välfärd i hela landet.",
        "themes": ["boende", "halsa", "inkludering", "trygghet", "kultur", "natur", "klimat"],
        "signals": "i hela landet, hela länet, alla delar av, likvärdig*, välfärd*, attraktiva livsmiljöer",
    },
    {
        "id": "kompetensforsorjning",
        "name": "Kompetensförsörjning och kompetensutveckling",
        "description": "Strategiskt område 2: utbildning, kompetensförsörjning och matchning.",
        "themes": ["kompetens", "utbildning"],
        "signals": "kompetensförsörjning*, kompetensutveckling*, livslångt lärande",
    },
    {
        "id": "innovation_foretagande",
        "name": "Innovation och förnyelse samt entreprenörskap och företagande",
        "description": "Strategiskt område 3: innovation, förnyelse, entreprenörskap och företagande.",
        "themes": ["naringsliv"],
        "signals": "innovation*, entreprenör*, företagande*, smart specialisering",
    },
    {
        "id": "tillganglighet",
        "name": "Tillgänglighet genom digital kommunikation och transportsystem",
        "description": "Strategiskt område 4: digital infrastruktur och transportsystem som gör arbete, "
        "service och utbildning tillgängliga.",
        "themes": ["transporter", "digital"],
        "signals": "bredband*, transportsystem*, digital infrastruktur, tillgänglighet*",
    },
]

ROLES: list[Seed] = [
    {
        "id": "verksamheter",
        "name": "Bedriver verksamheter för medborgarna",
        "description": "Regionen bedriver verksamheter som tillgodoser medborgarna med utbildning, kultur, "
        "trygghet, hälsa och transporter.",
        "themes": ["halsa", "utbildning", "kultur", "trygghet", "transporter"],
        "signals": "hälso- och sjukvård*, kollektivtrafik*, folkhögskol*, kulturverksamhet*",
    },
    {
        "id": "inflytande",
        "name": "Ger medborgarna inflytande",
        "description": "Regionen ger medborgarna inflytande genom allmänna val och dialoger under mandatperioden.",
        "themes": ["delaktighet"],
        "signals": "allmänna val, medborgardialog*, mandatperiod*, inflytande*",
    },
    {
        "id": "territoriet",
        "name": "Utvecklar territoriet med andra aktörer",
        "description": "Regionen utvecklar det geografiska territoriet, stödjer och samarbetar med andra aktörer "
        "och medborgare för en hållbar livsmiljö.",
        "themes": [
            "samverkan",
            "boende",
            "naringsliv",
            "kompetens",
            "klimat",
            "natur",
            "digital",
            "inkludering",
        ],
        "signals": "regionalt utvecklingsansvar*, regional utveckling*, samverk*, aktörer*",
    },
]

CONFLICTS: list[Seed] = [
    {
        "id": "halsa_kortsiktig_avkastning",
        "name": "Långsiktiga investeringar i hälsa mot kortsiktig avkastning",
        "description": "Att investera långsiktigt och förebyggande i människors hälsa, välbefinnande och "
        "utveckling (sociala investeringar) mot kortsiktig avkastning: kostnaden syns direkt i budgeten, det är "
        "osäkert om det lönar sig på kort sikt och vinsten tillfaller inte alltid den som investerar.",
        "theme_a": "halsa",
        "theme_b": "naringsliv",
        "signals": "lönar sig, kort sikt, kortsiktig*, lång sikt, långsiktig*, sociala investeringar, "
        "investering* i hälsa, förebyggande, prevention*, vinsten tillfaller, avkastning*, kostnad*, budget*",
        "examples": [
            "Förebyggande insatser för barns hälsa ger vinster först om tjugo år, men budgeten ska gå ihop i år.",
            "Det är svårt att motivera sociala investeringar när nyttan hamnar hos en annan huvudman.",
        ],
    },
    {
        "id": "tillganglighet_kostnad",
        "name": "Infrastruktur och kollektivtrafik för alla mot kostnad",
        "description": "Att ge alla, oavsett var de bor, tillgång till kollektivtrafik, infrastruktur, "
        "utbildning, kultur, arbete och vård, mot kostnaden: trafik och service i glesa delar av landet kostar "
        "mycket per resenär, är dyr och olönsam i glesbygd där resandet är lågt och underlaget litet.",
        "theme_a": "transporter",
        "theme_b": "boende",
        "signals": "oavsett var, hela länet, för alla, kollektivtrafik*, olönsam*, kostnad*, kostsam*, kosta*, "
        "~dyr, ~dyra, ~dyrt, per resenär, lågt resande, underlag*, samhällsekonomisk*, gles*, prioritera*",
        "examples": [
            "Busslinjer på landsbygden har få resenärer och är dyra, men utan dem når man inte jobb och vård.",
            "Att bygga ut trafiken till varje by kostar mer än resurserna räcker till, samtidigt ska alla nå service.",
        ],
    },
    {
        "id": "tillvaxt_manniska_natur",
        "name": "Tillväxt, etableringar och turism mot människor, klimat och natur",
        "description": "Att växa genom inflyttning, företagsetableringar, industriexpansion och en växande "
        "besöksnäring och turism, mot hänsyn till människor, klimat och natur: slitage, buller, trafik och "
        "påverkan på naturen i den snabba omvandlingen.",
        "theme_a": "naringsliv",
        "theme_b": "natur",
        "signals": "etablering*, industriexpansion*, snabb tillväxt, inflyttning*, besöksnäring*, turism*, "
        "slitage*, slita*, exploatering*, påverkan på natur*, hållbar turism, buller*",
        "examples": [
            "De stora industrisatsningarna kräver mark, el och bostäder snabbt, och trycket på naturen ökar.",
            "Fler turister ger intäkter till bygden men sliter på stigar, fjäll och känsliga naturområden.",
        ],
    },
    {
        "id": "vindkraft_gruvor_rennaring",
        "name": "Vindkraft och gruvor mot rennäring och natur",
        "description": "Att bygga ut vindkraft, gruvor, mineralbrytning och annan exploatering mot "
        "rennäringen och naturen: renskötselns betesmarker och flyttleder, samebyarnas och andra samiska "
        "intressen och naturvärden.",
        "theme_a": "klimat",
        "theme_b": "natur",
        "signals": "vindkraft*, vindkraftspark*, gruv*, *gruva, mineral*, brytning*, exploatering*, "
        "rennäring*, renskötsel*, renbete*, betesmark*, sameby*, markanspråk*, störning*",
        "examples": [
            "En ny gruva skulle skära av flyttlederna som samebyn använder för renarna.",
            "Vindkraftsparken behövs för omställningen men ligger i ett område där renarna betar vintertid.",
        ],
    },
    {
        "id": "fortatning_gronomraden",
        "name": "Förtätning mot grönområden",
        "description": "Att förtäta städer och orter och bygga bostäder nära service och kollektivtrafik, mot "
        "att bevara grönområden: parker, grönytor, gröna gårdar och gröna samband med deras "
        "ekosystemtjänster.",
        "theme_a": "boende",
        "theme_b": "natur",
        "signals": "förtät*, *förtätning, grönområde*, grönyt*, ~park*, parker, gröna samband, "
        "ekosystemtjänster, bebygg*, exploatering*",
        "examples": [
            "Nya kvarter byggs på den gamla ängen, och boende förlorar en grönyta de använt i generationer.",
            "När staden förtätas minskar parkmarken, fast behovet av skugga och rekreation växer.",
        ],
    },
    {
        "id": "centralisering_vard_tillganglighet",
        "name": "Koncentration av vård och service mot närhet",
        "description": "Att samla, koncentrera eller centralisera vård, utbildning eller service på färre "
        "platser för kvalitet och effektivitet, mot närhet och tillgänglighet: korta avstånd och restider för "
        "invånare i hela regionen.",
        "theme_a": "halsa",
        "theme_b": "transporter",
        "signals": "centraliser*, koncentr*, samla* vården, färre sjukhus, nedläggning*, lägga ned, "
        "avstånd*, närhet*, nära vård*, långa avstånd, tillgänglighet*, restid*, längre resor",
        "examples": [
            "När förlossningen flyttas till länssjukhuset får många kvinnor mer än hundra kilometer att åka.",
            "Att samla akutsjukvården ger högre kvalitet, men avståndet blir långt för dem som bor i inlandet.",
        ],
    },
    {
        "id": "bevarande_utveckling",
        "name": "Bevarande av kulturmiljö mot utveckling och byggande",
        "description": "Att bevara kulturmiljöer, kulturarv och kulturvärden mot utveckling och byggande: "
        "orter som växer, byggs ut och förnyas med nya bostäder, rivning och ombyggnad.",
        "theme_a": "kultur",
        "theme_b": "boende",
        "signals": "riksintresse*, kulturvärden, kulturmiljö*, kulturarv*, bevara*, bevarande*, rivning*, "
        "hinder för",
        "examples": [
            "Den gamla bruksmiljön är skyddad, vilket gör det svårt att bygga de bostäder orten behöver.",
            "Rivningen av stationshuset gav plats för nya lägenheter men kulturarvet gick förlorat.",
        ],
    },
]

# Words that make a passage *about* a tension: strong cues are enough on their own when two themes are
# present; weak (contrastive) cues need company.
CONFLICT_CUES_STRONG = (
    "målkonflikt*, *målkonflikt, målkonflikter, intressekonflikt*, *konflikt, konflikter, dilemma*, "
    "motsättning*, motstående intressen, motstridiga, motstridig*, konkurrerande intressen, konkurrerar, "
    "konkurrera om, på bekostnad av, avvägning*, *avvägning, avväga*, ~krockar, ~krocka, kolliderar, "
    "~motsatser, ~motsats, står mot varandra, står i konflikt, balansgång*, balansera*, "
    "i strid med, trade off*"
)
CONFLICT_CUES_WEAK = (
    "samtidigt, men, ~dock, trots, även om, å ena sidan, å andra sidan, risk*, riskerar, "
    "försvinner, förlorar, minskar, ökat tryck, tryck på, störning*, påfrestning*, kort sikt, "
    "lång sikt, kostnad*, utmaning*, begränsa*, inte lika hållbar, ~ens möjligt, förväntningar, "
    "kompromiss*, prioritera*, hinder för"
)

GOAL = {
    "name": "Målet för den regionala utvecklingspolitiken",
    "description": "Utvecklingskraft med stärkt lokal och regional konkurrenskraft för en hållbar utveckling i "
    "alla delar av landet.",
}

PRINCIPLES: list[Seed] = [
    {
        "id": "ingen_lamnas_utanfor",
        "name": "Ingen ska lämnas utanför",
        "description": "Genomförandet sker med särskild hänsyn till de människor och samhällen som har sämst "
        "förutsättningar.",
    },
    {
        "id": "helhetsperspektiv",
        "name": "Helhetsperspektiv, tvärsektoriellt i praktiken",
        "description": "Vi behöver prata med varandra och arbeta tvärsektoriellt i praktiken.",
    },
    {
        "id": "neutral_arena",
        "name": "En neutral arena – flernivåsamverkan i praktiken",
        "description": "Lärprojektet är en neutral arena där lokal, regional och nationell nivå samverkar.",
    },
]


def _concept(item: Seed) -> Concept:
    themes = item.get("themes") or [item[k] for k in ("theme_a", "theme_b") if k in item]
    return Concept(
        id=str(item["id"]),
        name=str(item["name"]),
        description=str(item.get("description", "")),
        signals=parse_signals(str(item.get("signals", ""))),
        examples=tuple(item.get("examples", ())),  # type: ignore[arg-type]
        themes=tuple(themes),  # type: ignore[arg-type]
    )


def default_framework() -> Framework:
    """The seed framework as engine objects (tests and the data migration start from it)."""
    return Framework(
        themes=tuple(_concept(t) for t in THEMES),
        groups=tuple(_concept(g) for g in GROUPS),
        areas=tuple(_concept(a) for a in AREAS),
        roles=tuple(_concept(r) for r in ROLES),
        conflicts=tuple(_concept(c) for c in CONFLICTS),
        conflict_cues=parse_signals(CONFLICT_CUES_STRONG),
        contrast_cues=parse_signals(CONFLICT_CUES_WEAK),
    )
