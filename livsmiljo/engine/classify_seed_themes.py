# ruff: noqa: E501  (seed data: long Swedish strings read better unbroken)
"""The 14 themes of the framework as seed data: name, description, signal words and own examples.

This is the starting point copied into the database by the analysis app's data migration;
facilitators edit the database copy afterwards. Signal notation: see `classify_text`.
The example sentences are written for this project (not taken from any evaluation set).
"""

ThemeSeed = dict[str, object]

THEMES: list[ThemeSeed] = [
    {
        "id": "halsa",
        "name": "Hälsa och vård",
        "description": "Folkhälsa, hälso- och sjukvård, omsorg, psykisk hälsa, välbefinnande och jämlik hälsa.",
        "signals": "hälsa, *hälsa, hälso*, *hälso, sjukvård*, *sjukvård, ~vård, ~vården, vårdens, vårdcentral*, "
        "primärvård*, nära vård*, psykisk*, psykiatri*, välbefinnande, välmående, ohälsa, sjukdom*, patient*, "
        "tandvård*, läkare*, *läkare, sjukskötersk*, *sköterska, levnadsvanor, fysisk aktivitet, missbruk*, "
        "alkohol*, narkotika*, suicid*, självmord*, medellivslängd*, livslängd*, omsorg*, *omsorg, "
        "socialtjänst*, rehabilitering*, sjukhus*, akutsjukhus*, ambulans*, hälsofrämjande, friskvård*, "
        "vårdplats*, vårdkö*, egenvård*, hemsjukvård*, ensamhet*",
        "examples": [
            "Regionen satsar på förebyggande folkhälsoarbete så att skillnaderna i livslängd mellan grupper minskar.",
            "Primärvården ska vara första linjen och ge invånarna en nära och samordnad vård.",
            "Den psykiska ohälsan bland unga har ökat och kräver insatser från både skola och vårdcentral.",
            "Goda levnadsvanor, fysisk aktivitet och sociala sammanhang stärker människors välbefinnande.",
            "Hälso- och sjukvården behöver fler sjuksköterskor och läkare i hela länet.",
            "Skillnaderna i hälsa mellan kommunerna är stora, och de med kortast utbildning har sämst hälsa.",
            "Vården ska komma närmare invånarna genom mobila team och fler besök i hemmet.",
            "Barnhälsovården och elevhälsan fångar tidigt upp barn som mår dåligt.",
            "Tillgången till tandvård och psykiatri skiljer sig mellan stad och landsbygd.",
            "Regionen arbetar hälsofrämjande tillsammans med föreningar för att fler ska röra sig och äta bra.",
        ],
    },
    {
        "id": "utbildning",
        "name": "Utbildning",
        "description": "Förskola, grundskola, gymnasium, högskola och universitet, vuxenutbildning och livslångt "
        "lärande, skolresultat och studier.",
        "signals": "utbildning*, *utbildning, skola, skolan, skolor*, *skola, *skolan, *skolor, skolans, "
        "skolresultat*, förskol*, grundskol*, gymnasi*, *gymnasie, högskol*, universitet*, lärosät*, "
        "vuxenutbildning*, komvux*, yrkeshögskol*, folkhögskol*, livslångt lärande, lärande*, elev*, student*, "
        "studier, studera*, ~studie, behörighet*, examen*, examin*, lärare*, *lärare, undervisning*, "
        "utbildningsnivå*, eftergymnasial*, forskarutbild*, bildning*",
        "examples": [
            "Fler elever ska lämna grundskolan med godkända betyg och behörighet till gymnasiet.",
            "Universitetet och högskolorna i regionen erbjuder utbildning på distans för dem som bor långt bort.",
            "Vuxenutbildningen ger människor en ny chans att studera och byta yrke mitt i livet.",
            "Ett livslångt lärande kräver att utbildning finns tillgänglig i hela länet.",
            "Andelen invånare med eftergymnasial utbildning är lägre här än i riket.",
            "Andelen unga som fullföljer gymnasiet ska öka, och avhoppen ska förebyggas redan i grundskolan.",
            "Lärcentrum i kommunerna gör det möjligt att läsa högskolekurser utan att flytta.",
            "Bristen på behöriga lärare är störst i de mindre kommunerna.",
            "Studie- och yrkesvägledningen hjälper eleverna att välja utbildning med goda framtidsutsikter.",
            "Folkhögskolorna och studieförbunden når vuxna som inte har gått klart skolan.",
        ],
    },
    {
        "id": "kompetens",
        "name": "Kompetensförsörjning och arbetsmarknad",
        "description": "Kompetensförsörjning, arbetskraft, matchning på arbetsmarknaden, sysselsättning och "
        "yrkesutbildning, arbetsgivarnas rekryteringsbehov.",
        "signals": "kompetensförsörjning*, *kompetensförsörjning, kompetens*, *kompetens, arbetskraft*, "
        "*arbetskraft, arbetsmarknad*, *arbetsmarknad, matchning*, sysselsättning*, rekryter*, "
        "arbetsgivar*, *arbetsgivare, yrkesutbild*, yrkesvux*, ~jobb, jobben, *jobb, anställning*, "
        "arbetslös*, kompetensbehov*, kompetensbrist*, arbetskraftsbrist*, bristyrke*, validering*, "
        "kompetensutveckl*, omställning av arbetskraft, arbetsförmedling*, ~praktik, lärling*, "
        "arbetstillfällen, arbetsplatser, kvalificerad arbetskraft, sysselsättningsgrad*, egen försörjning, sin försörjning, "
        "arbetsför ålder, kompetensplattform*, branschråd*, talang*, ~kompetenser",
        "examples": [
            "Arbetsgivarna i länet har svårt att rekrytera personal med rätt kompetens.",
            "Matchningen på arbetsmarknaden förbättras när yrkesutbildningen utformas tillsammans med branscherna.",
            "Kompetensförsörjningen är en av de största utmaningarna när befolkningen i arbetsför ålder minskar.",
            "Validering av utländska yrkeskunskaper gör det lättare att komma i arbete.",
            "Sysselsättningsgraden ska öka genom fler vägar in på arbetsmarknaden.",
            "Många branscher saknar utbildad personal, samtidigt som arbetslösheten är hög bland vissa grupper.",
            "Företagen och kommunerna behöver rekrytera tusentals medarbetare de kommande åren.",
            "Korta yrkesutbildningar och lärlingsplatser ska ge en snabbare väg till anställning.",
            "Arbetsförmedlingen, kommunerna och branschråden tar fram en gemensam bild av kompetensbehoven.",
            "Vården och omsorgen står inför pensionsavgångar som kräver nya medarbetare och nya arbetssätt.",
        ],
    },
    {
        "id": "kultur",
        "name": "Kultur och fritid",
        "description": "Kultur, konst, kulturarv och kulturmiljöer, bibliotek, idrott, friluftsliv, fritid och "
        "kulturella och kreativa näringar.",
        "signals": "kultur*, *kultur, kulturarv*, kulturmiljö*, *kulturmiljö, ~konst, konsten, konstnär*, scenkonst*, bildkonst*, offentlig konst, bibliotek*, "
        "*bibliotek, museum, museer, *museum, teater*, musik*, ~dans, dansen, film*, litteratur*, "
        "idrott*, *idrott, föreningsliv*, fritid*, *fritid, friluftsliv*, kulturskol*, kreativa näringar, "
        "kulturella och kreativa, kulturplan*, kulturliv*, kulturverksamhet*, hembygd*, slöjd*, "
        "kulturhistori*, riksintresse för kulturmiljö*, fornlämning*, kulturvärden, byggnadsminne*, "
        "evenemang*, festival*, samisk kultur",
        "examples": [
            "Biblioteken är mötesplatser där alla kan låna böcker, läsa och ta del av kultur.",
            "Kulturarvet och de historiska miljöerna berättar om hur människor har levt i bygden.",
            "Idrottsföreningar och friluftsliv ger barn och vuxna en meningsfull fritid.",
            "De kulturella och kreativa näringarna skapar nya jobb och gör orterna levande.",
            "Regionens kulturplan stödjer scenkonst, musik, film och konstnärligt skapande.",
            "Kulturskolan ger barn möjlighet att spela instrument, dansa och måla oavsett föräldrarnas inkomst.",
            "Museerna och hembygdsföreningarna vårdar berättelsen om länets historia och traditioner.",
            "Ett rikt kulturliv med konserter, teater och konstutställningar gör orten attraktiv att bo i.",
            "Idrottshallar, spår och badplatser ger invånarna möjlighet till en aktiv fritid.",
            "Kulturmiljöer som gamla bruksorter, kyrkor och fäbodar är en del av regionens identitet.",
        ],
    },
    {
        "id": "trygghet",
        "name": "Trygghet och beredskap",
        "description": "Trygghet och säkerhet, brottsförebyggande arbete, våld, krisberedskap, civilt försvar, "
        "totalförsvar och samhällets robusthet och motståndskraft.",
        "signals": "trygghet*, otrygg*, ~trygg, ~trygga, ~tryggt, säkerhet*, trafiksäkerhet*, cybersäkerhet*, informationssäkerhet*, brott*, våldsbrott*, "
        "brottsförebyggande, kriminalitet*, våld*, *våld, krisberedskap*, beredskap*, *beredskap, ~kris, "
        "krisen, kriser, krishantering*, civilt försvar, civil beredskap, totalförsvar*, försvar*, ~krig, "
        "krigets, robust*, motståndskraft*, resiliens*, räddningstjänst*, polis*, olycka*, olyckor*, "
        "sårbarhet*, samhällsviktig*, höjd beredskap, "
        "försörjningsberedskap*, livsmedelsberedskap*, ~hot, ~hoten, ~hotet, brand*, översvämning*",
        "examples": [
            "Samhällets krisberedskap och det civila försvaret behöver stärkas i hela länet.",
            "Det brottsförebyggande arbetet bedrivs tillsammans med polisen och kommunerna.",
            "Invånarna ska känna sig trygga i sitt bostadsområde, i kollektivtrafiken och på stan.",
            "En robust försörjning av el, vatten och livsmedel gör regionen mindre sårbar vid störningar.",
            "Arbetet mot våld i nära relationer är en prioriterad fråga för regionen.",
            "Regionen förbereder vården för att kunna fungera vid kris och i krig.",
            "Belysning, trygga gångvägar och närvaro av vuxna minskar otryggheten i bostadsområdena.",
            "Skogsbränder, översvämningar och ras ställer krav på kommunernas räddningstjänst.",
            "Samverkan mot organiserad brottslighet kräver att kommuner, polis och skola delar information.",
            "Störningar i elförsörjningen och it-systemen kan slå ut samhällsviktig verksamhet.",
        ],
    },
    {
        "id": "transporter",
        "name": "Transporter och tillgänglighet",
        "description": "Vägar, järnväg, kollektivtrafik, pendling, gods och logistik, flyg och sjöfart, "
        "restider och tillgänglighet genom transportsystemet.",
        "signals": "transport*, *transport, kollektivtrafik*, *trafik, trafik*, järnväg*, *järnväg, tåg*, "
        "*tåg, ~buss, bussar*, *buss, pendl*, *pendling, restid*, *restid, infrastruktur*, "
        "*infrastruktur, ~väg, vägen, vägar*, vägnät*, *vägar, godstrafik*, gods, logistik*, flyg*, *flyg, sjöfart*, "
        "hamn*, *hamn, stambana*, resenär*, resande, resor, ~resa, cykel*, *cykel, gång och cykel*, "
        "tillgänglighet*, *tillgänglighet, trafikverk*, "
        "persontrafik*, färdtjänst*, laddinfrastruktur*, mobilitet*, trafikering*",
        "examples": [
            "Kortare restider med tåg gör det möjligt att pendla mellan länets största orter.",
            "Kollektivtrafiken ska gå oftare och nå fler orter på landsbygden.",
            "Godstransporterna behöver flyttas från väg till järnväg och sjöfart.",
            "Satsningar på infrastruktur och bättre vägar binder samman arbetsmarknaderna.",
            "Tillgängligheten med buss och cykel avgör hur lätt man når jobb och service.",
            "Tågtrafiken behöver fler mötesspår och dubbelspår för att bli pålitlig.",
            "Anropsstyrd trafik och samåkning kompletterar linjetrafiken där det bor få människor.",
            "Hamnarna och järnvägen gör det möjligt för industrin att nå sina marknader.",
            "Gång- och cykelvägar mellan orterna gör det säkrare att ta sig till skola och jobb.",
            "Flyget är viktigt för tillgängligheten till huvudstaden och för besöksnäringen.",
        ],
    },
    {
        "id": "digital",
        "name": "Digitalisering",
        "description": "Bredband och digital infrastruktur, digitala tjänster, digital omställning och "
        "digital delaktighet och kompetens.",
        "signals": "digital*, *digital, digitalisering*, *digitalisering, bredband*, *bredband, fiber*, "
        "uppkoppling*, mobilnät*, mobiltäckning*, internet*, e tjänst*, e hälsa, artificiell intelligens, "
        "~ai, ~it, it säkerhet*, datadriv*, ~data, öppna data, digitala tjänster, digital kompetens, "
        "digital inkludering, digitalt utanförskap, distansarbete*, distans*, uppkopplad*, 5g, teknikutveckling*, ny teknik",
        "examples": [
            "Snabbt bredband i hela länet är en förutsättning för att bo och driva företag på landsbygden.",
            "Digitala tjänster gör det lättare för invånarna att kontakta vården och kommunen.",
            "Alla ska kunna delta i det digitala samhället, också de som saknar digital vana.",
            "Mobiltäckningen behöver byggas ut längs vägarna och i glest befolkade områden.",
            "Digitaliseringen förändrar arbetslivet och möjliggör distansarbete.",
            "Många äldre saknar möjlighet att använda e-tjänster och behöver stöd för att komma igång.",
            "Regionen ska använda data och artificiell intelligens för att utveckla vården och planeringen.",
            "Fiber till varje hushåll gör det möjligt att arbeta och studera på distans.",
            "Vi behöver gemensamma digitala lösningar mellan kommunerna för att spara resurser.",
            "Cybersäkerhet och skydd av information blir allt viktigare när tjänsterna digitaliseras.",
        ],
    },
    {
        "id": "boende",
        "name": "Boende och samhällsplanering",
        "description": "Bostäder och bostadsbyggande, fysisk planering, översiktsplanering, bebyggelse, "
        "orter och städer, attraktiva livsmiljöer och tillgång till service i hela regionen.",
        "signals": "bostad*, *bostad, bostäder*, *bostäder, boende, *boende, bostadsbyggande*, bostadsmarknad*, "
        "bygga bostäder, samhällsplanering*, *planering?, fysisk planering, översiktsplan*, detaljplan*, "
        "regionplan*, strukturbild*, bebyggelse*, *bebyggelse, ~ort?, orten?, orter?, tätort*, ~stad, ~staden, stadens, städer, "
        "*städer, stadsutveckling*, *utveckling av orter, stadskärn*, centrum*?, livsmiljö*?, *livsmiljö*?, "
        "attraktiv*?, samhällsservice*, ~service?, servicen?, kommersiell service, servicepunkt*, markanvändning*, "
        "byggande?, samhällsbyggnad*, *samhällsbyggande, förtätning*, förtäta*, bosätt*, inflytt*, "
        "befolkningstillväxt*, befolkningsutveckling*, ~bo?, ~bor?, bygga*?, hyresrätt*, lägenhet*, hushåll*?",
        "examples": [
            "Det byggs för få bostäder och bristen på hyresrätter gör det svårt att flytta hit.",
            "Översiktsplanen visar var nya bostadsområden och verksamheter kan växa fram.",
            "Tillgång till kommersiell och offentlig service avgör om människor vill bo kvar på mindre orter.",
            "Regionplanen pekar ut en flerkärnig ortsstruktur med starka stadskärnor.",
            "Attraktiva livsmiljöer med blandad bebyggelse lockar nya invånare.",
            "Bostadsmarknaden på mindre orter är trög, och äldre som vill flytta hittar inga lägenheter.",
            "Kommunernas översiktsplaner och regionplanen ska peka ut var nya bostäder och verksamheter byggs.",
            "Nya bostäder bör byggas nära stationer och service så att vardagen blir enkel.",
            "En levande ort behöver en butik, en skola och en mötesplats för att människor ska vilja bo där.",
            "Bristen på bostäder gör det svårt för företagen att rekrytera nya medarbetare utifrån.",
        ],
    },
    {
        "id": "naringsliv",
        "name": "Näringsliv, innovation och entreprenörskap",
        "description": "Näringslivsutveckling, företag och företagande, innovation, forskning, smart "
        "specialisering, investeringar och etableringar, export, besöksnäring och turism.",
        "signals": "näringsliv*, *näringsliv, företag*, *företag, företagande*, företagsam*, entreprenör*, "
        "innovation*, *innovation, innovativ*, forskning*, *forskning, smart specialisering, "
        "investering*, *investering, etablering*, *etablering, export*, besöksnäring*, turism*, *turism, "
        "turist*, besökare, näring*, industri*, *industri, tillväxt*?, *tillväxt?, konkurrenskraft*?, "
        "konkurrenskraftig*?, ekonomisk*?, affär*, *affär, handel*, start up*, nyföretag*, "
        "kapitalförsörjning*, riskkapital*, företagsstöd*, exportfrämj*, kluster*, testbädd*, "
        "produktivitet*, förnyelse*, ~bnp, destination*, tillverkning*",
        "examples": [
            "Små och medelstora företag ska få stöd att växa, exportera och utveckla nya produkter.",
            "Strategin för smart specialisering pekar ut styrkeområden där forskning och företag möts.",
            "Nya industrietableringar ger tusentals arbetstillfällen i regionen.",
            "Besöksnäringen växer och turismen bidrar till att hålla service levande på mindre orter.",
            "Entreprenörskap och innovation är motorn i regionens konkurrenskraft.",
            "Företagen i länet ska få hjälp att ställa om, exportera och hitta nya marknader.",
            "Regionen stödjer nystartade företag med rådgivning, lån och affärsutveckling.",
            "Forskning vid universitetet omsätts i nya produkter genom inkubatorer och testbäddar.",
            "Besöksnäringen bygger på naturupplevelser, mat och evenemang som lockar turister året runt.",
            "Industrin står för en stor del av sysselsättningen och behöver investera i ny teknik.",
        ],
    },
    {
        "id": "klimat",
        "name": "Klimat och energi",
        "description": "Utsläpp av växthusgaser, fossilfri omställning, energiförsörjning, förnybar energi, "
        "elnät, energieffektivisering och klimatanpassning.",
        "signals": "klimat*, *klimat, utsläpp*, *utsläpp, växthusgas*, koldioxid*, fossilfri*, *fossilfri, "
        "fossil*, omställning*, *omställning, energi*, *energi, förnybar*, elnät*, ~el, elförsörjning*, "
        "elektrifiering*, vindkraft*, *vindkraft, solenergi*, solcell*, vätgas*, biogas*, biodrivmedel*, biobränsle*, bioenergi*, "
        "drivmedel*, energieffektiv*, klimatanpassning*, klimatneutral*, klimatsmart*, nettonoll*, "
        "uppvärmning*, kraftverk*, vattenkraft*, effektbrist*, klimatmål*, grön omställning, gröna "
        "omställningen, miljöval*, hållbara transporter, fossiloberoende*",
        "examples": [
            "Utsläppen av växthusgaser från transporter och industri måste minska kraftigt.",
            "Regionen ska vara fossilfri och klimatneutral senast 2045.",
            "Elnätet behöver byggas ut för att klara elektrifieringen av industrin.",
            "Klimatanpassning gör samhället bättre rustat för skyfall, värmeböljor och torka.",
            "Förnybar energi från sol, vind och biogas ersätter fossila bränslen.",
            "Kommunerna tar fram planer för att anpassa bebyggelsen till ett varmare och blötare klimat.",
            "Laddplatser och tankställen för biogas behövs för att transporterna ska bli fossilfria.",
            "Energibehovet ökar när industrin ställer om, och elproduktionen behöver byggas ut.",
            "Klimatpåverkan från offentliga inköp ska minska genom krav på leverantörerna.",
            "Hushållen kan spara energi genom bättre isolering och solceller på taken.",
        ],
    },
    {
        "id": "natur",
        "name": "Natur och miljö",
        "description": "Biologisk mångfald, ekosystem, vatten, skog och mark, markanvändning, grönområden, "
        "miljökvalitet och cirkulär ekonomi.",
        "signals": "~natur, ~naturen, naturens, naturbas*, naturvärd*, naturmiljö*, *naturmiljö, naturvärden*, "
        "naturvård*, biologisk mångfald, mångfald av arter, ekosystem*, *ekosystem, ~arter, ~arten, artrik*, artrikedom*, "
        "vatten*?, *vatten?, sjöar*, hav*?, *hav?, skog*, *skog, jordbruk*, *jordbruk, ~mark?, ~marken?, "
        "miljö?, miljön?, miljöns?, miljömål*, *miljömål, miljöpåverkan*, miljöhänsyn*, cirkulär*, "
        "återbruk*, återvinning*, avfall*, resurseffektiv*, grönområde*, grönyt*, *grönyta, grönska*, "
        "gröna samband, grönstruktur*, ~park, ~parker, parkmark*, fjäll*, *fjäll, våtmark*, föroren*, miljögift*, "
        "naturresurs*, skyddad natur, naturreservat*, allemansrätt*, fiske*, rekreation*, "
        "friluftsområde*, landskap*?, ekologisk*",
        "examples": [
            "Den biologiska mångfalden minskar när våtmarker dikas ut och skogar avverkas.",
            "En cirkulär ekonomi där material återbrukas minskar trycket på naturresurserna.",
            "Grönområden och parker i tätorterna ger svalka, rekreation och livsmiljöer för arter.",
            "Vattenkvaliteten i sjöar och vattendrag ska förbättras.",
            "Jordbruksmarken och skogen är viktiga för både produktion och ekosystemtjänster.",
            "Skyddad skog och restaurerade våtmarker ger livsmiljöer för hotade arter.",
            "Övergödningen av sjöar och kustvatten ska minska genom åtgärder i jordbruket.",
            "Avfall ska i första hand förebyggas, och det som blir kvar ska återanvändas eller återvinnas.",
            "Tätortsnära natur och gröna stråk ger invånarna rekreation och svalka.",
            "Markanvändningen behöver ta hänsyn till både skogsbruk, renbete och naturvård.",
        ],
    },
    {
        "id": "delaktighet",
        "name": "Delaktighet och demokrati",
        "description": "Medborgarnas inflytande, dialog och medborgardialog, demokrati, civilsamhället och "
        "föreningar, tillit och förtroende, att människor deltar i besluten.",
        "signals": "delaktig*, *delaktighet, inflytande*, *inflytande, demokrati*, *demokrati, demokratisk*, "
        "medborgardialog*, dialog*, *dialog, medborgar*, civilsamhälle*, *civilsamhälle, ideell*, "
        "föreningsliv*, engagemang*, engager*, tillit*, förtroende*, samråd*, *samråd, konsultation*, "
        "remiss*, delta, deltar, deltagande*, medskapande*, ~röst, rösta*, allmänna val, valdeltagande*, "
        "möjlighet att påverka, kan påverka, påverka beslut*, ungdomsråd*, workshop*, invånardialog*, medverkan*, "
        "representation*, representerade, lyssna*, synpunkter*, ~hörd, ~hörda, förankr*",
        "examples": [
            "Invånarna har bjudits in till dialoger för att påverka vad strategin ska prioritera.",
            "Ett starkt civilsamhälle och aktiva föreningar bygger tillit mellan människor.",
            "Unga ska ha verkligt inflytande över beslut som rör deras vardag.",
            "Demokratin stärks när fler deltar i samtal och samråd om sin ort.",
            "Förtroendet för offentliga institutioner behöver vårdas genom öppenhet och dialog.",
            "Invånarna kan lämna synpunkter på strategin i en enkät och på öppna möten i varje kommun.",
            "Föreningslivet och de ideella organisationerna är viktiga partner i genomförandet.",
            "Valdeltagandet är lägre i vissa områden, och där behöver fler vägar till inflytande skapas.",
            "Unga har bjudits in att tycka till om sin framtid genom skolbesök och ett ungdomsråd.",
            "Tilliten till myndigheter byggs när människor ser att deras röster gör skillnad.",
        ],
    },
    {
        "id": "inkludering",
        "name": "Social sammanhållning och jämlikhet",
        "description": "Inkludering, integration, segregation, jämlikhet och jämställdhet, socialt utanförskap, "
        "likvärdiga livsvillkor och social hållbarhet.",
        "signals": "inkludering*, *inkludering, inkluder*, integration*, *integration, segregation*, "
        "*segregation, jämlik*, ojämlik*, jämställd*, *jämställdhet, utanförskap*, social hållbarhet, "
        "socialt hållbar*, sammanhållning*, sammanhållen, sammanhållna, *sammanhållning, "
        "diskriminering*, mänskliga rättigheter, klyftor*, *klyftor, livsvillkor*, likvärdig*, "
        "nyanländ*, mottagande*, etablering av nyanlända, minoritet*, *minoritet, sameby*, sametinget, samisk*, "
        "~samer, samernas, urfolk*, olikhet*, lika möjligheter, lika villkor, alla människor, "
        "socioekonomisk*, barnfattigdom*, fattigdom*, hbtq*, funktionsnedsättning*, ingen ska lämnas utanför, "
        "normkritisk*, tillgänglighetsanpass*, våld mot kvinnor, hedersrelaterat*",
        "examples": [
            "Boendesegregationen gör att barn växer upp med mycket olika förutsättningar.",
            "Integrationen av nyanlända går snabbare när språkstudier kombineras med arbete.",
            "Jämställdhet och jämlikhet ska genomsyra regionens arbete så att ingen lämnas utanför.",
            "Klyftorna i livsvillkor mellan olika delar av länet ska minska.",
            "Regionen ska främja de nationella minoriteternas rättigheter, språk och kultur.",
            "Alla ska ha samma möjligheter oavsett kön, bakgrund, funktionsförmåga eller var de bor.",
            "Arbetet mot diskriminering och rasism ska stärkas i regionens verksamheter.",
            "Barn i familjer med låga inkomster ska kunna delta i fritidsaktiviteter på samma villkor som andra.",
            "Utlandsfödda kvinnor har lägre sysselsättning, och insatser behövs för att bryta utanförskapet.",
            "En socialt hållbar region minskar skillnaderna i livsvillkor mellan grupper och områden.",
        ],
    },
    {
        "id": "samverkan",
        "name": "Samverkan och flernivåstyrning",
        "description": "Samverkan och samarbete mellan kommuner, region, stat, näringsliv, akademi och "
        "civilsamhälle, flernivåstyrning, partnerskap, tvärsektoriellt arbete och regionalt "
        "utvecklingsansvar.",
        "signals": "samverk*, *samverkan, samarbet*, *samarbete, flernivå*, partnerskap*, *partnerskap, "
        "tillsammans med, tillsammans?, aktörer*?, *aktörer?, aktör?, gemensam*?, gemensamt?, tvärsektoriell*, "
        "sektorsövergripande*, helhetsperspektiv*, samordn*, *samordning, kommunerna?, kommuner?, "
        "länsstyrelse*, myndighet*?, *myndighet?, nätverk*?, arena*?, utvecklingsansvar*, regionalt "
        "utvecklingsarbete, regionala utvecklingsarbetet, samspel*, överenskommelse*, avsiktsförklaring*, "
        "plattform*?, styrning*?, *styrning?, mellankommunal*, nationell nivå, lokal och regional, "
        "lokalt regionalt nationellt, triple helix, quadruple helix, akademi*, ~staten?, statliga?, "
        "genomförande*?, regeringsuppdrag*, nationella strategin, länets kommuner, "
        "ansvarsfördelning*, gränsöverskridande*, interreg*, storregional*",
        "examples": [
            "Kommunerna, regionen och länsstyrelsen har tecknat en överenskommelse om samverkan.",
            "Genomförandet kräver ett partnerskap mellan offentliga aktörer, näringsliv, akademi och civilsamhälle.",
            "Flernivåsamverkan mellan lokal, regional och nationell nivå är nödvändig för att lösa utmaningarna.",
            "Vi behöver arbeta tvärsektoriellt och samordna insatserna i gemensamma plattformar.",
            "Regionen har det regionala utvecklingsansvaret och leder arbetet tillsammans med många aktörer.",
            "Regionen och kommunerna samordnar sina insatser genom gemensamma beredningar och nätverk.",
            "Strategin genomförs i samarbete med statliga myndigheter, universitet och näringslivets organisationer.",
            "Länen samarbetar över gränserna i frågor om infrastruktur och arbetsmarknad.",
            "Ett regionalt forum samlar aktörerna två gånger om året för att följa upp arbetet.",
            "Ingen aktör kan lösa utmaningarna ensam, därför behövs en tydlig rollfördelning.",
        ],
    },
]
