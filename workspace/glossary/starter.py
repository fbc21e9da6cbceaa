"""A starter glossary drawn from the seed articles, in English and Spanish, for new workspaces.

Loaded as proposed terms: the teams adapt them and both heads approve.
"""

# name, aliases (one per line), definition (markdown), examples (markdown), owner team,
# related (names, one per line)
STARTER: dict[str, list[tuple[str, str, str, str, str, str]]] = {
    "en": [
        (
            "Buyer persona",
            "Persona\nIdeal customer",
            (
                "A semi-fictional profile of the **ideal customer** the company wants to reach, "
                "built from real data about current customers and from the conversations sales has "
                "with them. Marketing and sales work from the same persona, so that content is "
                "written for the people sales actually talks to and both teams agree on what a "
                "good lead looks like."
            ),
            (
                "- *Marta, marketing director* of a company with more than 100 employees and a "
                "marketing budget above $30,000 a month, who has to prove the return of every "
                "campaign."
            ),
            "marketing",
            "Lead\nMQL\nLead scoring\nSmarketing",
        ),
        (
            "Lead",
            "Prospect\nPotential customer",
            (
                "A person or company that has shown interest in what the company sells and left a "
                "way to contact them, and is therefore a potential customer. Leads move through "
                "agreed stages (lead, MQL, SQL, customer) as they qualify; what counts as a lead "
                "is one of the first definitions marketing and sales must agree on."
            ),
            (
                "- A visitor who downloads a guide and leaves a name, company and email address.\n"
                "- A company that asks for a quote through the website."
            ),
            "marketing",
            "Buyer persona\nMQL\nSQL\nLead scoring\nLead nurturing\nCost per lead (CPL)",
        ),
        (
            "MQL",
            "Marketing qualified lead",
            (
                "A lead that marketing considers ready to hand over to sales because it meets "
                "criteria both teams have agreed on. Each company sets its own; for example, in "
                "our SLA: a company with **more than 100 employees** that engaged with our content "
                "**in the last month** and spends **more than $30,000 a month** on marketing. "
                "Sales should have a say in the definition, or leads that marketing calls "
                "qualified may not be qualified enough for sales to work."
            ),
            (
                "- A 250-person retailer that downloaded a guide last week and spends $45,000 a "
                "month on marketing is an MQL.\n"
                "- A 40-person firm with the same activity is not one yet: it stays in lead "
                "nurturing."
            ),
            "marketing",
            "Lead\nSQL\nSLA\nLead scoring\nLead nurturing",
        ),
        (
            "SQL",
            "Sales qualified lead",
            (
                "An MQL that sales has accepted and confirmed as a real sales opportunity, worth "
                "pursuing actively through the sales process. Both teams agree on the criteria for "
                "moving from MQL to SQL; when sales rejects an MQL it records why, so that "
                "marketing can adjust its definition or return the lead to nurturing."
            ),
            (
                "- After a first call, the MQL confirms it has the budget and a project this "
                "quarter: sales turns it into an SQL and schedules a demo."
            ),
            "sales",
            "MQL\nLead\nSLA\nSales funnel\nConversion rate",
        ),
        (
            "SLA",
            "Service level agreement\nMarketing and sales agreement",
            (
                "A formal agreement between marketing and sales that sets each team's measurable "
                "commitments at every hand-over point, so that results are judged against rules "
                "rather than impressions and neither team can simply blame the other. Example "
                "commitments: marketing hands over **100 MQLs a month**; sales contacts every MQL "
                "**within 1 hour** and makes **at least 4 attempts** before giving up on it. Both "
                "teams review the SLA regularly to improve it."
            ),
            (
                "- In March marketing delivered 92 of the 100 MQLs agreed, and sales reached 97% "
                "of them within the hour: the review focuses on lead volume, not on follow-up."
            ),
            "sales",
            "MQL\nSQL\nLead nurturing\nSmarketing",
        ),
        (
            "Lead nurturing",
            "Nurturing",
            (
                "Keeping in touch with leads that are not yet ready to buy, with content and "
                "messages suited to their stage, so that they move down the sales funnel until "
                "they qualify as MQLs. It is also where leads go back when sales cannot reach them "
                "or they are not ready yet, instead of being lost."
            ),
            (
                "- A lead that downloaded an introductory guide receives a case study a week later "
                "and an invitation to a webinar after that.\n"
                "- An MQL that did not answer any of sales' 4 attempts returns to a nurturing "
                "sequence."
            ),
            "marketing",
            "Lead\nMQL\nLead scoring\nSales funnel\nSLA",
        ),
        (
            "Lead scoring",
            "Scoring",
            (
                "Giving each lead points for how well it fits the buyer persona (company size, "
                "marketing budget) and for how it engages (content viewed, recent activity), so "
                "that leads can be ranked and handed over at the right time. When a lead reaches "
                "the score both teams agreed on, it becomes an MQL."
            ),
            (
                "- More than 100 employees: +30; marketing budget above $30,000 a month: +30; "
                "content engaged with in the last month: +20. With an MQL threshold of 80 points, "
                "a lead must meet all three criteria."
            ),
            "marketing",
            "Lead\nMQL\nBuyer persona\nLead nurturing",
        ),
        (
            "Sales funnel",
            "Funnel\n"
            "TOFU\n"
            "MOFU\n"
            "BOFU\n"
            "Top of the funnel\n"
            "Middle of the funnel\n"
            "Bottom of the funnel",
            (
                "The path a potential customer follows from first contact to purchase, shared by "
                "marketing and sales and divided into stages:\n"
                "\n"
                "- **Top of the funnel (TOFU):** attracting visitors and turning them into leads.\n"
                "- **Middle of the funnel (MOFU):** nurturing and qualifying leads until they "
                "become MQLs.\n"
                "- **Bottom of the funnel (BOFU):** SQLs, proposals and the close.\n"
                "\n"
                "Measuring the conversion rate between stages shows where prospects stall or drop "
                "out."
            ),
            (
                "- Marketing sees that many MQLs drop out at the bottom of the funnel and, with "
                "input from sales, creates comparison guides and pricing content for that stage."
            ),
            "sales",
            "Lead\nMQL\nSQL\nLead nurturing\nConversion rate",
        ),
        (
            "Conversion rate",
            "Conversion ratio",
            (
                "The percentage of visitors, leads or opportunities that move from one stage of "
                "the sales funnel to the next. **Conversion rate = (conversions ÷ total at the "
                "starting stage) × 100.** Tracked stage by stage (visitor to lead, lead to MQL, "
                "MQL to SQL, SQL to customer), it shows where the process fails and where it can "
                "improve."
            ),
            (
                "- 2,000 leads produce 100 MQLs in a month: a lead-to-MQL conversion rate of 5%.\n"
                "- Goal: raise the lead-to-MQL conversion rate by 5% next quarter."
            ),
            "marketing",
            "Sales funnel\nLead\nMQL\nSQL",
        ),
        (
            "Cost per lead (CPL)",
            "CPL\nCost per lead",
            (
                "The average amount spent to generate each new lead, for a campaign, a channel or "
                "a period. **CPL = marketing spend ÷ number of leads generated.** Comparing it "
                "across channels shows where the budget works hardest, as long as lead quality is "
                "judged too."
            ),
            "- A $6,000 campaign that generates 300 leads has a CPL of $20.",
            "marketing",
            "Lead\nCustomer acquisition cost (CAC)\nReturn on investment (ROI)",
        ),
        (
            "Customer acquisition cost (CAC)",
            "CAC\nAcquisition cost",
            (
                "The average cost of winning one new customer, counting both marketing and sales "
                "spend over a period. **CAC = (marketing spend + sales spend) ÷ new customers "
                "acquired.** A CAC only means something next to what is being sold: it must be "
                "weighed against the value of the sale, which is why ROI is what matters."
            ),
            (
                "- A CAC of $2,500 is far too high for a $400 microwave but very good for an "
                "$80,000 car."
            ),
            "sales",
            "Cost per lead (CPL)\nReturn on investment (ROI)\nConversion rate\nSmarketing",
        ),
        (
            "Return on investment (ROI)",
            "ROI\nReturn",
            (
                "What an investment brings back compared with what it cost, expressed as a "
                "percentage. **ROI = (revenue generated - investment) ÷ investment × 100.** "
                "Measuring it requires tracking leads all the way to the sale, which is what turns "
                "marketing from a cost center into a source of revenue."
            ),
            (
                "- A $2,500 campaign whose lead ends in the sale of an $80,000 car: ROI = (80,000 "
                "- 2,500) ÷ 2,500 × 100 = 3,100%."
            ),
            "marketing",
            "Customer acquisition cost (CAC)\nCost per lead (CPL)\nSales attribution",
        ),
        (
            "Sales attribution",
            "Attribution\nMarketing-sourced\nSales-sourced",
            (
                "Recording whose work led to each sale: **marketing-sourced** (the customer came "
                "through marketing alone), **sales-sourced** (through sales alone) or **both** (a "
                "combination of the two). Knowing the customer's real path to purchase ends "
                "disputes over credit and makes ROI measurable; the credit for results is shared "
                "by the whole team."
            ),
            (
                "- A customer who downloaded a guide, was nurtured and then closed by a sales rep: "
                "both.\n"
                "- A customer a rep found and closed at a trade fair: sales-sourced."
            ),
            "sales",
            "Return on investment (ROI)\nSales funnel\nSmarketing",
        ),
        (
            "Smarketing",
            "Ventarketing\nSales and marketing alignment",
            (
                "The alignment of sales and marketing into one team that shares its vocabulary, "
                "goals, SLA, metrics, tools and the credit for results. In practice it means "
                "frequent joint meetings (at least weekly), regular meetings between the two "
                "heads, joint planning with SMART goals, and disagreements handled in private. "
                "MarketingProfs reports 36% higher customer retention and 38% higher sales win "
                "rates when the two are closely aligned."
            ),
            (
                "- Weekly meeting: marketing reviews the MQLs handed over; sales reports which "
                "became SQLs and why the others were rejected.\n"
                "- Each goal is set with five questions: what and why, initiatives, obstacles, "
                "resources needed, and how the other team can help."
            ),
            "marketing",
            "SLA\nSales attribution\nBuyer persona\nSales funnel",
        ),
    ],
    "es": [
        (
            "Buyer persona",
            "Persona\nCliente ideal",
            (
                "Perfil semificticio del **cliente ideal** al que la empresa quiere llegar, "
                "construido con datos reales de los clientes actuales y de las conversaciones que "
                "ventas mantiene con ellos. Marketing y ventas trabajan con la misma persona, de "
                "modo que el contenido se dirija a quienes ventas atiende de verdad y ambos "
                "equipos coincidan en qué es un buen lead."
            ),
            (
                "- *Marta, directora de marketing* de una empresa de más de 100 empleados, con un "
                "presupuesto de marketing superior a 30.000 USD al mes, que debe demostrar el "
                "retorno de cada campaña."
            ),
            "marketing",
            "Lead\nMQL\nPuntuación de leads\nVentarketing",
        ),
        (
            "Lead",
            "Cliente potencial\nProspecto",
            (
                "Persona o empresa que ha mostrado interés en lo que vende la empresa y ha dejado "
                "un medio de contacto, por lo que es un cliente potencial. Los leads avanzan por "
                "etapas acordadas (lead, MQL, SQL, cliente) a medida que se califican; definir qué "
                "cuenta como lead es uno de los primeros acuerdos entre marketing y ventas."
            ),
            (
                "- Un visitante que descarga una guía y deja su nombre, empresa y correo "
                "electrónico.\n"
                "- Una empresa que solicita un presupuesto desde el sitio web."
            ),
            "marketing",
            "Buyer persona\n"
            "MQL\n"
            "SQL\n"
            "Puntuación de leads\n"
            "Nutrición de leads\n"
            "Coste por lead (CPL)",
        ),
        (
            "MQL",
            "Lead calificado por marketing\nMarketing qualified lead",
            (
                "Lead que marketing considera listo para pasar a ventas porque cumple criterios "
                "acordados por ambos equipos. Cada empresa fija los suyos; por ejemplo, en nuestro "
                "SLA: una empresa con **más de 100 empleados** que interactuó con nuestro "
                "contenido **en el último mes** y que invierte **más de 30.000 USD al mes** en "
                "marketing. Ventas debe participar en la definición; de lo contrario, un lead que "
                "marketing considera calificado puede no serlo lo suficiente para ventas."
            ),
            (
                "- Un comercio de 250 empleados que descargó una guía la semana pasada e invierte "
                "45.000 USD al mes en marketing es un MQL.\n"
                "- Una empresa de 40 empleados con la misma actividad todavía no lo es: sigue en "
                "nutrición de leads."
            ),
            "marketing",
            "Lead\nSQL\nSLA\nPuntuación de leads\nNutrición de leads",
        ),
        (
            "SQL",
            "Lead calificado por ventas\nSales qualified lead",
            (
                "MQL que ventas ha aceptado y confirmado como una oportunidad de venta real, que "
                "merece un seguimiento activo dentro del proceso comercial. Los criterios para "
                "pasar de MQL a SQL los acuerdan ambos equipos; cuando ventas rechaza un MQL, "
                "registra el motivo para que marketing ajuste su definición o devuelva el lead a "
                "nutrición."
            ),
            (
                "- Tras una primera llamada, el MQL confirma que tiene presupuesto y un proyecto "
                "este trimestre: ventas lo convierte en SQL y agenda una demostración."
            ),
            "sales",
            "MQL\nLead\nSLA\nEmbudo de ventas\nTasa de conversión",
        ),
        (
            "SLA",
            "Acuerdo de nivel de servicio\nService level agreement",
            (
                "Acuerdo formal entre marketing y ventas que fija los compromisos medibles de cada "
                "equipo en cada punto de contacto entre ambos, para que los resultados se evalúen "
                "con reglas y no con percepciones, y ningún equipo pueda culpar sin más al otro. "
                "Ejemplos de compromisos: marketing entrega **100 MQL al mes**; ventas contacta "
                "con cada MQL **en un máximo de 1 hora** y hace **al menos 4 intentos** antes de "
                "desistir. Ambos equipos revisan el SLA periódicamente para mejorarlo."
            ),
            (
                "- En marzo, marketing entregó 92 de los 100 MQL acordados y ventas contactó con "
                "el 97 % en menos de una hora: la revisión se centra en el volumen de leads, no en "
                "el seguimiento."
            ),
            "sales",
            "MQL\nSQL\nNutrición de leads\nVentarketing",
        ),
        (
            "Nutrición de leads",
            "Lead nurturing\nNurturing",
            (
                "Mantener el contacto con los leads que aún no están listos para comprar, con "
                "contenidos y mensajes adecuados a su etapa, para que avancen por el embudo de "
                "ventas hasta calificar como MQL. También es adonde vuelven los leads que ventas "
                "no logra contactar o que todavía no están preparados, en lugar de perderse."
            ),
            (
                "- Un lead que descargó una guía introductoria recibe un caso de éxito una semana "
                "después y, más tarde, una invitación a un webinar.\n"
                "- Un MQL que no respondió a ninguno de los 4 intentos de ventas vuelve a una "
                "secuencia de nutrición."
            ),
            "marketing",
            "Lead\nMQL\nPuntuación de leads\nEmbudo de ventas\nSLA",
        ),
        (
            "Puntuación de leads",
            "Lead scoring\nScoring",
            (
                "Asignar puntos a cada lead según cuánto se ajusta a la buyer persona (tamaño de "
                "la empresa, presupuesto de marketing) y según su interacción (contenidos "
                "consultados, actividad reciente), para ordenarlos y pasarlos a ventas en el "
                "momento adecuado. Cuando un lead alcanza la puntuación acordada por ambos "
                "equipos, se convierte en MQL."
            ),
            (
                "- Más de 100 empleados: +30; presupuesto de marketing superior a 30.000 USD al "
                "mes: +30; interacción con contenidos en el último mes: +20. Con un umbral de MQL "
                "de 80 puntos, el lead debe cumplir los tres criterios."
            ),
            "marketing",
            "Lead\nMQL\nBuyer persona\nNutrición de leads",
        ),
        (
            "Embudo de ventas",
            "Embudo\n"
            "Funnel\n"
            "TOFU\n"
            "MOFU\n"
            "BOFU\n"
            "Parte superior del embudo\n"
            "Parte media del embudo\n"
            "Parte inferior del embudo",
            (
                "Recorrido que sigue un cliente potencial desde el primer contacto hasta la "
                "compra, compartido por marketing y ventas y dividido en etapas:\n"
                "\n"
                "- **Parte superior del embudo (TOFU):** atraer visitantes y convertirlos en "
                "leads.\n"
                "- **Parte media del embudo (MOFU):** nutrir y calificar los leads hasta que sean "
                "MQL.\n"
                "- **Parte inferior del embudo (BOFU):** SQL, propuestas y cierre.\n"
                "\n"
                "Medir la tasa de conversión entre etapas muestra dónde se estancan o abandonan "
                "los clientes potenciales."
            ),
            (
                "- Marketing detecta que muchos MQL abandonan en la parte inferior del embudo y, "
                "con la información de ventas, crea comparativas y contenidos sobre precios para "
                "esa etapa."
            ),
            "sales",
            "Lead\nMQL\nSQL\nNutrición de leads\nTasa de conversión",
        ),
        (
            "Tasa de conversión",
            "Ratio de conversión",
            (
                "Porcentaje de visitantes, leads u oportunidades que pasan de una etapa del embudo "
                "de ventas a la siguiente. **Tasa de conversión = (conversiones ÷ total en la "
                "etapa de partida) × 100.** Medida etapa por etapa (de visitante a lead, de lead a "
                "MQL, de MQL a SQL, de SQL a cliente), muestra dónde falla el proceso y dónde se "
                "puede mejorar."
            ),
            (
                "- 2.000 leads generan 100 MQL en un mes: una tasa de conversión de lead a MQL del "
                "5 %.\n"
                "- Objetivo: aumentar un 5 % la tasa de conversión de lead a MQL el próximo "
                "trimestre."
            ),
            "marketing",
            "Embudo de ventas\nLead\nMQL\nSQL",
        ),
        (
            "Coste por lead (CPL)",
            "CPL\nCosto por lead",
            (
                "Importe medio invertido para generar cada nuevo lead, por campaña, canal o "
                "periodo. **CPL = inversión en marketing ÷ número de leads generados.** Compararlo "
                "entre canales muestra dónde rinde más el presupuesto, siempre que también se "
                "valore la calidad de los leads."
            ),
            "- Una campaña de 6.000 USD que genera 300 leads tiene un CPL de 20 USD.",
            "marketing",
            "Lead\nCoste de adquisición de cliente (CAC)\nRetorno de la inversión (ROI)",
        ),
        (
            "Coste de adquisición de cliente (CAC)",
            "CAC\nCosto de adquisición de cliente",
            (
                "Coste medio de conseguir un cliente nuevo, sumando la inversión de marketing y la "
                "de ventas en un periodo. **CAC = (inversión en marketing + inversión en ventas) ÷ "
                "clientes nuevos conseguidos.** Un CAC solo tiene sentido junto a lo que se vende: "
                "hay que compararlo con el valor de la venta, y por eso lo importante es el ROI."
            ),
            (
                "- Un CAC de 2.500 USD es altísimo para un microondas de 400 USD, pero muy bueno "
                "para un automóvil de 80.000 USD."
            ),
            "sales",
            "Coste por lead (CPL)\nRetorno de la inversión (ROI)\nTasa de conversión\nVentarketing",
        ),
        (
            "Retorno de la inversión (ROI)",
            "ROI\nRetorno",
            (
                "Lo que una inversión devuelve en comparación con lo que costó, expresado en "
                "porcentaje. **ROI = (ingresos generados - inversión) ÷ inversión × 100.** Para "
                "medirlo hay que rastrear los leads hasta la venta, y eso es lo que convierte a "
                "marketing de un centro de coste en una fuente de ingresos."
            ),
            (
                "- Una campaña de 2.500 USD cuyo lead termina en la venta de un automóvil de "
                "80.000 USD: ROI = (80.000 - 2.500) ÷ 2.500 × 100 = 3.100 %."
            ),
            "marketing",
            "Coste de adquisición de cliente (CAC)\nCoste por lead (CPL)\nAtribución de ventas",
        ),
        (
            "Atribución de ventas",
            "Atribución\nOrigen en marketing\nOrigen en ventas",
            (
                "Registro de qué trabajo llevó a cada venta: **marketing** (el cliente llegó solo "
                "a través de marketing), **ventas** (solo a través de ventas) o **ambos** (una "
                "combinación de los dos). Conocer el recorrido real del cliente hasta la compra "
                "evita disputas por el mérito y permite medir el ROI; el mérito de los resultados "
                "se comparte en todo el equipo."
            ),
            (
                "- Un cliente que descargó una guía, recibió nutrición y cerró con un comercial: "
                "ambos.\n"
                "- Un cliente que un comercial encontró y cerró en una feria: ventas."
            ),
            "sales",
            "Retorno de la inversión (ROI)\nEmbudo de ventas\nVentarketing",
        ),
        (
            "Ventarketing",
            "Smarketing\nAlineación de ventas y marketing",
            (
                "Alineación de ventas y marketing en un solo equipo que comparte vocabulario, "
                "objetivos, SLA, métricas, herramientas y el mérito de los resultados. En la "
                "práctica supone reuniones conjuntas frecuentes (al menos semanales), reuniones "
                "periódicas entre los dos responsables, planificación conjunta con objetivos SMART "
                "y desacuerdos tratados en privado. Según MarketingProfs, cuando ambos equipos "
                "están estrechamente alineados, la retención de clientes es un 36 % mayor y la "
                "tasa de cierre de ventas, un 38 % mayor."
            ),
            (
                "- Reunión semanal: marketing repasa los MQL entregados y ventas informa de cuáles "
                "se convirtieron en SQL y por qué se rechazaron los demás.\n"
                "- Cada objetivo se fija con cinco preguntas: qué y por qué, iniciativas, "
                "obstáculos, recursos necesarios y cómo puede ayudar el otro equipo."
            ),
            "marketing",
            "SLA\nAtribución de ventas\nBuyer persona\nEmbudo de ventas",
        ),
    ],
}
