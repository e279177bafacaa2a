# frozen_string_literal: true

module Geo
  class {{ n.class }}State < ApplicationRecord
    self.primary_key = :{{ n.name }}_id

    belongs_to :{{ n.name }}, inverse_of: :{{ n.name }}_state
  end
end
