-- Parties known from the start: those in the Riksdag, earlier names, and common local parties.
INSERT INTO `parties` (`code`, `name`) VALUES
  ('S', 'Socialdemokraterna'),
  ('M', 'Moderaterna'),
  ('SD', 'Sverigedemokraterna'),
  ('C', 'Centerpartiet'),
  ('V', 'Vänsterpartiet'),
  ('KD', 'Kristdemokraterna'),
  ('L', 'Liberalerna'),
  ('MP', 'Miljöpartiet de gröna'),
  ('FP', 'Folkpartiet liberalerna'),
  ('KDS', 'Kristdemokratiska samhällspartiet'),
  ('NYD', 'Ny demokrati'),
  ('D', 'Demokraterna'),
  ('FI', 'Feministiskt initiativ'),
  ('SPI', 'Sjukvårdspartiet'),
  ('-', 'Politisk vilde');
