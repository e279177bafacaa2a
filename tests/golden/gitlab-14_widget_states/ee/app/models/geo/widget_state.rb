# frozen_string_literal: true

module Geo
  class WidgetState < ApplicationRecord
    self.primary_key = :widget_id

    belongs_to :widget, inverse_of: :widget_state
  end
end
