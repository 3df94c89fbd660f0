# ruff: noqa: E501  (prose, kept in readable sentence-sized string pieces)
"""The demo's strategy documents: fictional regions, prose written for the demo (not from any real strategy).

Each document is a list of pages; each page a list of sections (heading, paragraphs). The files built from
them keep that page structure, so citations in search point to the page where a passage was written.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    slug: str


@dataclass(frozen=True)
class DemoDocument:
    organisation: DemoOrganisation
    title: str
    kind: str
    year: int
    file_name: str
    pages: tuple[tuple[Section, ...], ...]


NORRSKOG = DemoOrganisation("Region Norrskog", "norrskog")
SJOSLATT = DemoOrganisation("Region Sjöslätt", "sjoslatt")
KUSTLAND = DemoOrganisation("Region Kustland", "kustland")
ORGANISATIONS = (NORRSKOG, SJOSLATT, KUSTLAND)

NORRSKOG_RUS = DemoDocument(
    organisation=NORRSKOG,
    title="Norrskog 2035 – regional utvecklingsstrategi",
    kind="rus",
    year=2024,
    file_name="norrskog-rus-2035.pdf",
    pages=(
        (
            Section(
                "1 Vision: ett gott liv i hela Norrskog",
                (
                    "År 2035 är Norrskog en region där människor kan leva, arbeta och åldras väl oavsett om de "
                    "bor i residensstaden Granås, i en bruksort längs älven eller i en by långt upp i fjällen. "
                    "Avstånden är långa och befolkningen liten, men vi ser närheten till naturen, det starka "
                    "föreningslivet och kunskapen i skogs- och energinäringarna som regionens största tillgångar.",
                    "Strategin är regionens gemensamma färdplan. Den har tagits fram under två år i dialog med "
                    "kommunerna, samiska företrädare, näringslivet, civilsamhället, högskolan och unga i "
                    "ungdomsråden. Den pekar ut vad vi ska prioritera tillsammans, inte allt som ska göras.",
                ),
            ),
            Section(
                "Regionens tre roller",
                (
                    "Regionen driver verksamhet inom hälso- och sjukvård, kollektivtrafik och kultur. Regionen "
                    "ger också invånarna inflytande, både genom de allmänna valen och genom dialog under hela "
                    "mandatperioden. Och regionen utvecklar territoriet tillsammans med andra aktörer: kommuner, "
                    "företag, statliga myndigheter och ideella organisationer.",
                    "Strategin bygger på principen att ingen ska lämnas utanför. Det betyder att vi följer upp "
                    "hur insatserna når kvinnor och män, unga och äldre, personer med funktionsnedsättning, "
                    "nyanlända och det samiska folket, och att vi mäter skillnader mellan tätort och landsbygd.",
                ),
            ),
        ),
        (
            Section(
                "2 Hälsa och välfärd nära invånarna",
                (
                    "Norrskogs befolkning blir äldre, och andelen invånare över 80 år väntas öka med en "
                    "tredjedel till 2035. Samtidigt är det svårt att rekrytera läkare och sjuksköterskor till "
                    "glesbygden. Vi ska därför bygga ut den nära vården: hälsocentraler med mobila team, "
                    "digitala vårdbesök från kommunernas servicepunkter och samverkan med hemtjänsten.",
                    "Folkhälsan skiljer sig mellan grupper. Stillasittande, psykisk ohälsa bland unga och en hög "
                    "andel rökare i vissa kommuner kräver långsiktigt förebyggande arbete. Investeringar i "
                    "hälsa ger avkastning först efter många år, medan kostnaderna syns i budgeten direkt. Den "
                    "avvägningen ska redovisas öppet när regionen prioriterar mellan akuta behov och prevention.",
                ),
            ),
            Section(
                "Barn och unga",
                (
                    "Elevhälsan, ungdomsmottagningarna och socialtjänsten ska arbeta tillsammans kring barn som "
                    "riskerar att inte fullfölja gymnasiet. Unga i byarna ska ha samma möjlighet till "
                    "fritidsaktiviteter som unga i Granås, vilket förutsätter kvällsturer i kollektivtrafiken "
                    "och stöd till idrottsföreningar som tar emot barn från hela kommunen.",
                ),
            ),
        ),
        (
            Section(
                "3 Kompetensförsörjning och livslångt lärande",
                (
                    "Den gröna omställningen i norr skapar tusentals nya jobb inom batteritillverkning, "
                    "vindkraft och förädling av skogsråvara. Samtidigt går många anställda i vården och skolan "
                    "i pension. Bristen på rätt kompetens är det största hindret för tillväxt i Norrskog.",
                    "Lärcentren i varje kommun ska erbjuda yrkesutbildning för vuxna, högskolekurser på distans "
                    "och validering av kunskaper som människor redan har. Arbetsförmedlingen, kommunerna och "
                    "branscherna ska tillsammans ta fram en gemensam bild av vilka yrken som behövs.",
                    "Utrikes födda kvinnor har lägst sysselsättning av alla grupper i regionen. Språkstöd på "
                    "arbetsplatsen, kombinerade utbildningar och barnomsorg på obekväma tider är avgörande för "
                    "att fler ska komma i arbete. Arbetsmarknaden är också starkt könsuppdelad: vi vill se fler "
                    "män i omsorgen och fler kvinnor i industrins tekniska yrken.",
                ),
            ),
        ),
        (
            Section(
                "4 Transporter och digital tillgänglighet",
                (
                    "Skogsbanan och riksvägarna är regionens pulsådror. Godstrafiken på väg ökar när industrin "
                    "växer, och bärigheten på de enskilda vägarna räcker inte för tunga fordon. Regionen vill att "
                    "staten rustar Skogsbanan för persontrafik så att arbetspendling mellan Granås och "
                    "kustorterna blir möjlig på under en timme.",
                    "Kollektivtrafik för alla överallt är ett mål vi delar, men det kostar. En busslinje i "
                    "glesbygden kan kosta tio gånger mer per resenär än en stadslinje. Vi prövar därför "
                    "anropsstyrd trafik, samåkning och kombinerade transporter där skolskjuts, post och "
                    "hemtjänst samordnas.",
                    "Senast 2027 ska alla hushåll och företag ha tillgång till snabbt bredband. Digitala "
                    "tjänster kan ersätta en del resor, men inte alla: därför ska servicepunkterna också ge hjälp "
                    "till den som saknar dator eller vana att använda e-legitimation.",
                ),
            ),
        ),
        (
            Section(
                "5 Klimat, natur och näringsliv i balans",
                (
                    "Norrskog ska vara en plusenergiregion som producerar mer förnybar energi än den använder. "
                    "Vindkraften byggs ut snabbt, men många parker planeras i områden där renskötseln behöver "
                    "betesmarker och flyttleder. Samebyarna beskriver hur störningar i kalvningslanden hotar "
                    "näringens framtid, medan kommunerna ser nya arbetstillfällen och fastighetsintäkter.",
                    "Den målkonflikten kan inte lösas med en enskild karta. Regionen vill att samråden med "
                    "samebyarna sker tidigt, att kumulativa effekter av vindkraft, gruvor och skogsbruk bedöms "
                    "tillsammans och att en del av intäkterna stannar i bygden.",
                ),
            ),
            Section(
                "Skogen som resurs och livsmiljö",
                (
                    "Skogen ger råvara till industrin, kolinlagring, friluftsliv och livsmiljöer för hotade "
                    "arter. Ett ökat uttag för biobränslen kan krocka med målen om biologisk mångfald. Vi vill "
                    "stödja hyggesfria metoder, skydda värdefulla naturskogar och utveckla naturturism som ger "
                    "inkomster utan att slita på naturen.",
                    "Strategin följs upp vartannat år i en öppen rapport som visar utvecklingen för varje mål, "
                    "uppdelat på kön, ålder och kommun.",
                ),
            ),
        ),
    ),
)

SJOSLATT_RUS = DemoDocument(
    organisation=SJOSLATT,
    title="Sjöslätt växer hållbart – regional utvecklingsstrategi 2025–2035",
    kind="rus",
    year=2025,
    file_name="sjoslatt-utvecklingsstrategi.pdf",
    pages=(
        (
            Section(
                "Inledning",
                (
                    "Sjöslätt är en region med bördig jordbruksmark, två stora sjöar och en snabbt växande "
                    "universitetsstad, Lindköping. Befolkningen har ökat med femton procent på tjugo år, men "
                    "ökningen är ojämnt fördelad: staden och pendlingsorterna längs järnvägen växer medan flera "
                    "mindre orter på slätten minskar.",
                    "Utvecklingsstrategin beskriver hur vi tillsammans ska möta den utvecklingen. Den ska "
                    "vägleda regionens egna beslut och vara ett stöd för kommunernas översiktsplaner, för "
                    "näringslivets investeringar och för statliga myndigheters insatser i regionen.",
                ),
            ),
            Section(
                "Vår vision",
                (
                    "I Sjöslätt har alla en trygg bostad, ett arbete eller en utbildning och nära till natur "
                    "och kultur. Regionen är känd för hållbar livsmedelsproduktion och för forskning som "
                    "förenar tillväxt med minskad klimatpåverkan.",
                ),
            ),
        ),
        (
            Section(
                "Boende och samhällsplanering",
                (
                    "Bostadsbristen i Lindköping gör det svårt för unga, studenter och nyanställda att flytta "
                    "hit. Kommunen planerar att förtäta de centrala stadsdelarna och bygga nya kvarter nära "
                    "stationen. Förtätning minskar bilberoendet och gör kollektivtrafiken effektivare, men den "
                    "tar ofta parker, gröna gårdar och ängsmark i anspråk.",
                    "Förtätning och grönytor står därför i ett direkt motsatsförhållande i flera detaljplaner. "
                    "Grönområden är viktiga för folkhälsan, för barns lek, för att svalka staden under "
                    "värmeböljor och för att ta hand om skyfall. Regionen rekommenderar att kommunerna tar fram "
                    "grönplaner med mål för hur nära varje bostad ska ha till en park, innan nya områden tas i "
                    "anspråk.",
                    "På slätten är frågan en annan: här hotas den bästa jordbruksmarken av nya verksamhetsområden "
                    "och villatomter. Brukningsvärd jordbruksmark är en nationell resurs för livsmedelsberedskap, "
                    "och regionen vill att den byggs på bara när det saknas andra alternativ.",
                ),
            ),
        ),
        (
            Section(
                "Social sammanhållning och trygghet",
                (
                    "Skillnaderna i livsvillkor mellan stadsdelar har ökat. I två områden i Lindköping är "
                    "arbetslösheten tre gånger så hög som i regionen som helhet, och andelen elever som går ut "
                    "grundskolan med gymnasiebehörighet är låg. Det handlar inte om enskilda insatser utan om "
                    "långsiktigt arbete med skola, bostäder, arbete och föreningsliv.",
                    "Regionen ska stödja kommunernas brottsförebyggande arbete, bland annat genom att samla "
                    "kunskap om vad som fungerar och genom att folkhälsoarbetet riktas dit behoven är störst. "
                    "Föreningar som når barn och unga i utsatta områden ska kunna få fleråriga bidrag.",
                    "Jämställdhet och tillgänglighet för personer med funktionsnedsättning ska vara en del av "
                    "alla beslut. Kulturinstitutionerna får i uppdrag att nå nya publiker, bland annat genom "
                    "biblioteksfilialer som är öppna på kvällar och helger.",
                ),
            ),
        ),
        (
            Section(
                "Innovation, livsmedel och näringsliv",
                (
                    "Sjöslätts smarta specialisering bygger på tre styrkeområden: hållbar livsmedelsproduktion, "
                    "vattenteknik och digitala tjänster för offentlig sektor. Universitetet, "
                    "forskningsinstituten och företagen ska samarbeta i testbäddar där nya lösningar prövas i "
                    "verklig miljö, till exempel på gårdar, i vattenverk och i kommunernas förvaltningar.",
                    "Små och medelstora företag har svårt att rekrytera ingenjörer och att finansiera "
                    "utveckling. Regionen ska samordna innovationsstödet så att företagen möter en väg in, och "
                    "arbeta för att fler kvinnor och utrikes födda startar och driver företag.",
                    "Etableringen av ett stort logistikcenter vid motorvägen ger många jobb men också mer "
                    "tung trafik och hårdgjord mark. Sådana beslut ska vägas mot målen för klimat, natur och "
                    "människors hälsa, inte enbart mot antalet arbetstillfällen.",
                ),
            ),
        ),
        (
            Section(
                "Klimat, energi och vatten",
                (
                    "Utsläppen från transporter och jordbruk är regionens största klimatutmaning. Vi ska bygga "
                    "ut laddinfrastruktur och biogasproduktion, öka andelen resor med kollektivtrafik och cykel "
                    "och stödja lantbrukare som vill minska sina utsläpp.",
                    "Sjöarna är dricksvattentäkter för en stor del av befolkningen. Övergödning, "
                    "klimatförändringar och nya vägar nära stränderna innebär risker för vattenkvaliteten. "
                    "Regionen samordnar arbetet med vattenplaner och ska öka beredskapen för torka och "
                    "översvämningar.",
                ),
            ),
            Section(
                "Genomförande och uppföljning",
                (
                    "Strategin genomförs i partnerskap. Varje år samlas kommunerna, länsstyrelsen, "
                    "universitetet och näringslivets organisationer till ett regionalt forum där resultaten "
                    "diskuteras och handlingsplanerna revideras.",
                ),
            ),
        ),
    ),
)

KUSTLAND_RUS = DemoDocument(
    organisation=KUSTLAND,
    title="Kustland – strategi för hållbara livsmiljöer 2024–2032",
    kind="rus",
    year=2023,
    file_name="kustland-strategi.docx",
    pages=(
        (
            Section(
                "Förord",
                (
                    "Kustland är en region med lång kust, tusentals öar och ett inland med små samhällen. På "
                    "sommaren fördubblas befolkningen i skärgården, medan vintern är stilla och många "
                    "fritidshus står tomma. Den här strategin handlar om hur vi skapar hållbara livsmiljöer "
                    "för dem som bor här året runt och för dem som besöker oss.",
                    "Strategin har tagits fram av regionen tillsammans med kommunerna och länsstyrelsen efter "
                    "en bred dialog med invånarna, bland annat genom öppna möten i skärgårdens bygdegårdar och "
                    "en digital enkät som tusentals invånare svarade på.",
                ),
            ),
            Section(
                "Målbild 2032",
                (
                    "Kustland är en attraktiv plats att bo och verka i hela året. Vård, skola och service finns "
                    "inom rimligt avstånd, näringslivet är mångsidigt och kusten och havet mår bättre än i dag.",
                ),
            ),
        ),
        (
            Section(
                "Befolkning, vård och omsorg",
                (
                    "Var tredje invånare i Kustlands skärgårdskommuner är över 65 år. Behovet av hemtjänst och "
                    "vård i hemmet ökar, samtidigt som det är svårt att rekrytera personal som kan bo i "
                    "skärgården. Båtturer och vinterväder gör att restiderna ibland blir längre än själva besöket.",
                    "Regionen har beslutat att samla den specialiserade akutsjukvården till ett sjukhus för att "
                    "säkra kvaliteten. Det innebär längre resor för invånarna på öarna och i norra inlandet. "
                    "Centraliseringen ger bättre vård vid stroke och hjärtinfarkt, men försämrar "
                    "tillgängligheten för den som inte har bil. Därför ska ambulansflyg, sjöambulans och "
                    "förstärkta vårdcentraler ses som en del av samma beslut.",
                    "Psykisk ohälsa och ensamhet bland äldre är ett växande problem. Biblioteken, "
                    "pensionärsföreningarna och kyrkan är viktiga mötesplatser som regionen vill stödja.",
                ),
            ),
        ),
        (
            Section(
                "Besöksnäring och året-runt-boende",
                (
                    "Turismen är en av de viktigaste näringarna i Kustland och ger arbete till många unga. Men "
                    "när fritidshusen blir fler och dyrare blir det svårare för familjer att bosätta sig i "
                    "skärgården. Skolor och affärer riskerar att stänga när underlaget för året-runt-boende "
                    "minskar.",
                    "Tillväxt i besöksnäringen får inte ske på bekostnad av dem som bor här eller av naturen. "
                    "Kryssningsfartyg, nya hotell i strandnära lägen och ökad båttrafik ska prövas mot "
                    "strandskyddet, bullret och slitaget på känsliga miljöer. Regionen vill utveckla en "
                    "hållbar turism som sprider besöken över året och över fler platser.",
                    "Kommunerna uppmanas att använda planinstrumenten för att säkra hyresrätter och "
                    "bostäder för unga i skärgårdens serviceorter.",
                ),
            ),
        ),
        (
            Section(
                "Klimatanpassning och havets miljö",
                (
                    "Havsnivån väntas stiga under detta sekel, och stormar och kraftiga regn blir vanligare. "
                    "Flera hamnar, vägar och bostadsområden ligger lågt. Regionen ska ta fram ett gemensamt "
                    "kunskapsunderlag om erosion och översvämningsrisker och stödja kommunerna när de planerar "
                    "var det är lämpligt att bygga.",
                    "Östersjön är hårt belastad av övergödning och miljögifter. Fisket av torsk har i princip "
                    "upphört och det kustnära småskaliga fisket har svårt att överleva. Regionen vill stödja "
                    "lokala vattenvårdsprojekt, återskapa våtmarker och ålgräsängar och samarbeta med "
                    "grannländerna kring havsmiljön.",
                    "Havsbaserad vindkraft kan ge grön energi och nya jobb i hamnarna, men påverkar fiske, "
                    "fågelliv och utsikten från kusten. Frågan ska avgöras med tydligt underlag och tidigt "
                    "samråd med dem som berörs.",
                ),
            ),
        ),
        (
            Section(
                "Kultur, delaktighet och samverkan",
                (
                    "Kulturarvet i fiskelägen, fyrar och bruksorter är en del av Kustlands identitet. "
                    "Kulturskolan och studieförbunden ska nå barn och vuxna på öarna, bland annat genom "
                    "digitala lektioner och turnerande verksamhet.",
                    "Invånarna ska kunna påverka frågor som rör deras närmiljö. Regionen inför medborgarråd "
                    "i två frågor per mandatperiod och återkopplar hur synpunkterna har använts.",
                    "Strategin genomförs i samverkan mellan regionen, kommunerna, staten, näringslivet och "
                    "civilsamhället. Ingen aktör klarar uppgifterna ensam, och flernivåsamverkan är därför "
                    "ett arbetssätt och inte ett eget mål.",
                ),
            ),
        ),
    ),
)

DOCUMENTS = (NORRSKOG_RUS, SJOSLATT_RUS, KUSTLAND_RUS)
